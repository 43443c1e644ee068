//! A one-node Slurm cluster for the tests and `./bench binhost`: munged, slurmctld and
//! slurmd run in the foreground without systemd, with a throw-away munge key, configuration
//! and free ports in a scratch directory, and are stopped by PID when it is dropped.

use anyhow::{bail, Context, Result};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output};

/// A one-node Slurm cluster in `dir` (munged, slurmctld and slurmd without systemd, a
/// throw-away key and configuration, free ports), stopped on drop by PID. Clients find it
/// through `SLURM_CONF` ([`Slurm::conf`]).
pub struct Slurm {
    children: Vec<std::process::Child>,
    /// The directory holding its configuration, state and logs.
    pub dir: PathBuf,
}

impl Slurm {
    pub fn start(dir: &Path) -> Result<Slurm> {
        let _ = std::fs::remove_dir_all(dir);
        for d in ["state", "spool"] {
            std::fs::create_dir_all(dir.join(d)).with_context(|| format!("creating {}", dir.join(d).display()))?;
        }
        let key: Vec<u8> = (0..1024u32).map(|i| (i.wrapping_mul(2654435761) >> 13) as u8 ^ (std::process::id() as u8)).collect();
        std::fs::write(dir.join("munge.key"), key)?;
        std::fs::set_permissions(dir.join("munge.key"), std::fs::Permissions::from_mode(0o600))?;
        let port = || -> Result<u16> { Ok(std::net::TcpListener::bind("127.0.0.1:0")?.local_addr()?.port()) };
        let (p1, p2) = (port()?, port()?);
        let cpus = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
        let d = dir.display();
        std::fs::write(
            dir.join("slurm.conf"),
            format!(
                "ClusterName=railyard-test\nSlurmctldHost=localhost\nSlurmUser=root\nSlurmdUser=root\nAuthType=auth/munge\nAuthInfo=socket={d}/munge.socket\n\
                 StateSaveLocation={d}/state\nSlurmdSpoolDir={d}/spool\nSlurmctldPidFile={d}/slurmctld.pid\nSlurmdPidFile={d}/slurmd.pid\n\
                 SlurmctldPort={p1}\nSlurmdPort={p2}\nProctrackType=proctrack/linuxproc\nTaskPlugin=task/none\nSchedulerType=sched/backfill\n\
                 SelectType=select/cons_tres\nSelectTypeParameters=CR_CPU\nReturnToService=2\nMpiDefault=none\nMinJobAge=3600\n\
                 JobCompType=jobcomp/filetxt\nJobCompLoc={d}/jobcomp.txt\nAccountingStorageType=accounting_storage/none\n\
                 SlurmctldLogFile={d}/slurmctld.log\nSlurmdLogFile={d}/slurmd.log\n\
                 NodeName=localhost CPUs={cpus} State=UNKNOWN\nPartitionName=builders Nodes=localhost Default=YES MaxTime=INFINITE State=UP OverSubscribe=FORCE:2\n"
            ),
        )?;
        let spawn = |prog: &str, args: &[String]| -> Result<Child> {
            Command::new(prog)
                .args(args)
                .env("SLURM_CONF", dir.join("slurm.conf"))
                .stdin(std::process::Stdio::null())
                .stdout(std::fs::File::create(dir.join(format!("{prog}.out")))?)
                .stderr(std::fs::File::create(dir.join(format!("{prog}.err")))?)
                .spawn()
                .with_context(|| format!("{prog} is required (Debian packages slurmctld, slurmd, munge; ./setup_host installs them)"))
        };
        let s = |x: &str| x.to_string();
        let children = vec![spawn(
            "munged",
            &[s("--foreground"), s("--force"), format!("--socket={d}/munge.socket"), format!("--key-file={d}/munge.key"), format!("--pid-file={d}/munged.pid"), format!("--log-file={d}/munged.log"), format!("--seed-file={d}/munge.seed")],
        )?];
        for _ in 0..50 {
            if dir.join("munge.socket").exists() {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
        let conf = dir.join("slurm.conf").display().to_string();
        // from here on, a failure stops what was started (Drop)
        let mut c = Slurm { children, dir: dir.to_path_buf() };
        c.children.push(spawn("slurmctld", &[s("-D"), s("-f"), conf.clone()])?);
        c.children.push(spawn("slurmd", &[s("-D"), s("-N"), s("localhost"), s("-f"), conf])?);
        for _ in 0..150 {
            let o = c.client("sinfo", &["-h", "-o", "%t"]);
            if String::from_utf8_lossy(&o?.stdout).trim() == "idle" {
                return Ok(c);
            }
            std::thread::sleep(std::time::Duration::from_millis(200));
        }
        bail!("the Slurm node did not become idle; logs in {}", dir.display())
    }

    pub fn conf(&self) -> PathBuf {
        self.dir.join("slurm.conf")
    }

    /// Runs a Slurm client command against this cluster.
    pub fn client(&self, prog: &str, args: &[&str]) -> Result<Output> {
        Command::new(prog).args(args).env("SLURM_CONF", self.conf()).output().with_context(|| format!("{prog} (slurm-client) is required"))
    }
}

impl Drop for Slurm {
    fn drop(&mut self) {
        for c in self.children.iter_mut().rev() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }
}
