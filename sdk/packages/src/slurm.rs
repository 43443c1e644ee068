//! `build_packages --executor=slurm`: the package graph as Slurm jobs.
//!
//! One batch job per package to build, submitted in build order with
//! `--dependency=afterok:<jobs of its build dependencies>` and `--kill-on-invalid-dep=yes`
//! (a failed build cancels what waits on it instead of leaving it pending for ever). Each job
//! runs `railyard build_packages … --build-only=<input hash>` with the submitter's board, targets,
//! repositories and binhost: the same plan, so the same input hash; it pulls the package's
//! build dependencies from the binhost, builds that one package and pushes it. The submitter
//! follows the jobs (`squeue`, then `scontrol show job` once they left the queue), prints the
//! same progress lines as a local build, shows the tail of a failed job's log, and cancels
//! every job it submitted on Ctrl-C.
//!
//! With `SlurmOptions::container` each job runs the same command in the SDK container on its
//! node (`<state>/slurm-job-in-sdk.sh <railyard> [run_sdk_container options] -- railyard
//! build_packages …`, the container named after the job and removed when it ends or is
//! cancelled; a failure of the container engine itself is retried once, see
//! `CONTAINER_JOB_SCRIPT`).
//!
//! Jobs are started with `sbatch [options] <state>/slurm-job.sh <railyard> build_packages …`:
//! the arguments reach the job as a list, never through a shell command line. The checkout,
//! the state directory (logs) and the `railyard` binary must be on a file system the nodes
//! share (the usual home or project file system of a cluster).

use crate::engine::Outcome;
use crate::plan::Plan;
use anyhow::{bail, Context, Result};
use std::collections::{BTreeMap, BTreeSet};
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// How to submit.
#[derive(Debug, Clone, Default)]
pub struct SlurmOptions {
    /// `--partition`.
    pub partition: Option<String>,
    /// `--account`.
    pub account: Option<String>,
    /// More `sbatch` options, one per element (e.g. `--constraint=x86_64`).
    pub sbatch_args: Vec<String>,
    /// The command each job runs, without the package (`--build-only=<input hash>` is
    /// appended: one package even when the plan holds its version twice, and a job whose
    /// plan hashes it differently fails instead of building another package).
    pub job_command: Vec<OsString>,
    /// The directory jobs start in (the checkout).
    pub workdir: PathBuf,
    /// The state directory (its `logs/` gets one `<cpv>.slurm.log` per job).
    pub state: PathBuf,
    /// Run each job in the SDK container on its node: `(railyard binary, run_sdk_container
    /// options such as -C IMAGE)`. The job then runs `railyard run_sdk_container --rm -U -n
    /// railyard-slurm-<job id> [options] -- <job_command>`; cancelling the job removes the
    /// container.
    pub container: Option<(OsString, Vec<OsString>)>,
    /// Environment of `sbatch`, which hands it to the jobs: a variable set (`Some`) or
    /// removed (`None`).
    pub env: Vec<(String, Option<OsString>)>,
}

/// One submitted job.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Job {
    /// `cat/pn-pvr`.
    pub package: String,
    /// Slurm job id.
    pub job: u64,
    /// Job ids it waits for (`afterok`).
    pub after: Vec<u64>,
    /// Final state (`COMPLETED`, `FAILED`, `CANCELLED`, …).
    pub state: String,
    /// Node it ran on.
    pub node: String,
    /// Its log.
    pub log: PathBuf,
}

fn slurm_cmd(program: &str) -> Command {
    let mut c = Command::new(program);
    c.stdin(std::process::Stdio::null());
    c
}

fn run_text(mut c: Command, what: &str) -> Result<String> {
    let o = c.output().with_context(|| format!("{what}: running {:?} (is Slurm's client installed and SLURM_CONF set?)", c.get_program()))?;
    if !o.status.success() {
        bail!("{what} failed: {}{}", String::from_utf8_lossy(&o.stderr).trim(), String::from_utf8_lossy(&o.stdout).trim());
    }
    Ok(String::from_utf8_lossy(&o.stdout).into_owned())
}

/// `key=value` pairs of one `scontrol -o show job` line.
fn fields(line: &str) -> BTreeMap<String, String> {
    line.split_whitespace().filter_map(|kv| kv.split_once('=')).map(|(k, v)| (k.to_string(), v.to_string())).collect()
}

fn job_state(id: u64) -> Option<(String, String, String)> {
    let mut c = slurm_cmd("scontrol");
    c.args(["-o", "show", "job", &id.to_string()]);
    let t = run_text(c, "scontrol show job").ok()?;
    let f = fields(t.lines().next()?);
    Some((f.get("JobState")?.clone(), f.get("NodeList").cloned().unwrap_or_default(), f.get("ExitCode").cloned().unwrap_or_default()))
}

fn tail(p: &Path, n: usize) -> String {
    let t = String::from_utf8_lossy(&std::fs::read(p).unwrap_or_default()).into_owned();
    let v: Vec<&str> = t.lines().rev().take(n).collect();
    v.into_iter().rev().collect::<Vec<_>>().join("\n")
}

const JOB_SCRIPT: &str = "#!/bin/sh\n# A Railyard package build as a Slurm job: the arguments are the command.\nexec \"$@\"\n";

/// The job script of a build in the SDK container: `$1` is the railyard binary, then
/// run_sdk_container's options, `--` and the command inside. The container is named after the
/// job, so two jobs on one node never share one.
///
/// A failure of the container engine itself (podman/docker exit 125 or 126, or 255 when an
/// exec session dies under it) is retried once in a new container: seen on a busy node where
/// several jobs' containers start at once. The build inside never exits with those statuses
/// (a failed build exits 1, an interrupted one 130), and a retried build is the same build
/// (its output is keyed by its input hash and written under a temporary name), so a retry
/// never hides a build failure. The first attempt's output stays in the job's log.
const CONTAINER_JOB_SCRIPT: &str = "#!/bin/sh\n\
# A Railyard package build as a Slurm job, in the SDK container: $1 is the railyard binary,\n\
# then run_sdk_container's options, -- and the command to run inside.\n\
bin=\"$1\"\nshift\n\
name=\"railyard-slurm-${SLURM_JOB_ID:?not started by Slurm}\"\n\
\"$bin\" run_sdk_container --rm -U -n \"$name\" \"$@\"\n\
rc=$?\n\
case $rc in\n\
125|126|255)\n\
  echo \"railyard: the container engine failed (exit $rc) before the build ended; running it once more in a new container\" >&2\n\
  exec \"$bin\" run_sdk_container --rm -U -n \"$name\" \"$@\" ;;\n\
esac\n\
exit $rc\n";

fn scancel(ids: &[u64]) {
    if ids.is_empty() {
        return;
    }
    let mut c = slurm_cmd("scancel");
    c.args(ids.iter().map(|i| i.to_string()));
    let _ = c.output();
}

/// What a Slurm run did.
#[derive(Debug)]
pub struct Submitted {
    /// One outcome per package.
    pub outcomes: Vec<Outcome>,
    /// The jobs.
    pub jobs: Vec<Job>,
    /// `squeue -o '%i|%j|%E'` right after the submission.
    pub queue: Vec<String>,
}

/// Submits `todo` (indices of `plan`, in build order) and follows the jobs to the end.
pub fn run(plan: &Plan, todo: &[(usize, String)], o: &SlurmOptions) -> Result<Submitted> {
    let logs = o.state.join("logs");
    std::fs::create_dir_all(&logs)?;
    let (name, text) = if o.container.is_some() { ("slurm-job-in-sdk.sh", CONTAINER_JOB_SCRIPT) } else { ("slurm-job.sh", JOB_SCRIPT) };
    let script = o.state.join(name);
    std::fs::write(&script, text).with_context(|| format!("writing {}", script.display()))?;
    let pending: BTreeSet<usize> = todo.iter().map(|(i, _)| *i).collect();
    let mut ids: BTreeMap<usize, u64> = BTreeMap::new();
    let mut jobs: Vec<Job> = Vec::new();
    let total = todo.len();
    for (n, (i, reason)) in todo.iter().enumerate() {
        let p = &plan.pkgs[*i];
        let after: Vec<u64> = plan.build_deps(*i).into_iter().filter(|j| pending.contains(j)).filter_map(|j| ids.get(&j).copied()).collect();
        let log = logs.join(format!("{}.slurm.log", p.cpv()));
        if let Some(d) = log.parent() {
            std::fs::create_dir_all(d)?;
        }
        let mut c = slurm_cmd("sbatch");
        c.arg("--parsable").arg(format!("--job-name=railyard:{}", p.cpv())).arg(format!("--output={}", log.display())).arg(format!("--chdir={}", o.workdir.display()));
        c.arg("--kill-on-invalid-dep=yes");
        if let Some(v) = &o.partition {
            c.arg(format!("--partition={v}"));
        }
        if let Some(v) = &o.account {
            c.arg(format!("--account={v}"));
        }
        if !after.is_empty() {
            c.arg(format!("--dependency=afterok:{}", after.iter().map(u64::to_string).collect::<Vec<_>>().join(":")));
        }
        for (k, v) in &o.env {
            match v {
                Some(v) => c.env(k, v),
                None => c.env_remove(k),
            };
        }
        c.args(&o.sbatch_args).arg("--").arg(&script);
        if let Some((bin, opts)) = &o.container {
            c.arg(bin).args(opts).arg("--");
        }
        c.args(&o.job_command).arg(format!("--build-only={}", p.hash));
        let out = match run_text(c, &format!("submitting {}", p.cpv())) {
            Ok(t) => t,
            Err(e) => {
                scancel(&ids.values().copied().collect::<Vec<_>>());
                return Err(e.context("cancelled the jobs submitted so far"));
            }
        };
        let id: u64 = out.trim().split(';').next().unwrap_or("").parse().with_context(|| format!("sbatch printed no job id: {out:?}"))?;
        eprintln!("[{}/{total}] submitted {} as Slurm job {id}{} ({reason})", n + 1, p.cpv(), if after.is_empty() { String::new() } else { format!(" after {}", after.iter().map(u64::to_string).collect::<Vec<_>>().join(",")) });
        ids.insert(*i, id);
        jobs.push(Job { package: p.cpv(), job: id, after, state: "PENDING".into(), node: String::new(), log });
    }
    // the queue as Slurm shows it right after the submission (job, name, dependency)
    let mut c = slurm_cmd("squeue");
    c.args(["-h", "-o", "%i|%j|%E", "-j", &jobs.iter().map(|j| j.job.to_string()).collect::<Vec<_>>().join(",")]);
    let queue: Vec<String> = run_text(c, "squeue").unwrap_or_default().lines().map(str::to_string).collect();
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    let t0 = Instant::now();
    let outcomes = rt.block_on(follow(&mut jobs, todo, plan, t0))?;
    Ok(Submitted { outcomes, jobs, queue })
}

async fn follow(jobs: &mut [Job], todo: &[(usize, String)], plan: &Plan, t0: Instant) -> Result<Vec<Outcome>> {
    let total = jobs.len();
    let mut started: BTreeMap<u64, Instant> = BTreeMap::new();
    let mut finished: BTreeSet<u64> = BTreeSet::new();
    let mut outcomes = Vec::new();
    let mut ctrl_c = Box::pin(tokio::signal::ctrl_c());
    let mut last_note = Instant::now();
    loop {
        // the queue's view (jobs that left it are asked for one by one)
        let mut c = slurm_cmd("squeue");
        c.args(["-h", "-o", "%i|%T|%N", "-j", &jobs.iter().map(|j| j.job.to_string()).collect::<Vec<_>>().join(",")]);
        let queue: BTreeMap<u64, (String, String)> = run_text(c, "squeue")
            .unwrap_or_default()
            .lines()
            .filter_map(|l| {
                let v: Vec<&str> = l.split('|').collect();
                Some((v.first()?.trim().parse().ok()?, (v.get(1)?.to_string(), v.get(2).unwrap_or(&"").to_string())))
            })
            .collect();
        for (k, j) in jobs.iter_mut().enumerate() {
            if finished.contains(&j.job) {
                continue;
            }
            let (state, node, exit) = match queue.get(&j.job) {
                Some((s, n)) => (s.clone(), n.clone(), String::new()),
                None => job_state(j.job).unwrap_or_else(|| ("UNKNOWN".into(), String::new(), String::new())),
            };
            if state == "RUNNING" && !started.contains_key(&j.job) {
                started.insert(j.job, Instant::now());
                eprintln!("[{}/{total}] building {} (Slurm job {} on {node})", started.len(), j.package, j.job);
            }
            if !node.is_empty() {
                j.node = node;
            }
            let done = matches!(state.as_str(), "COMPLETED" | "FAILED" | "CANCELLED" | "TIMEOUT" | "NODE_FAIL" | "OUT_OF_MEMORY" | "PREEMPTED" | "BOOT_FAIL" | "DEADLINE" | "UNKNOWN");
            if !done {
                j.state = state;
                continue;
            }
            finished.insert(j.job);
            j.state = state.clone();
            let secs = started.get(&j.job).map(|t| t.elapsed().as_secs_f64()).unwrap_or(0.0);
            let (i, reason) = &todo[k];
            let p = &plan.pkgs[*i];
            let (status, error) = if state == "COMPLETED" {
                eprintln!("[{}/{total}] built {} in {secs:.1} s (Slurm job {} on {})", finished.len(), p.cpv(), j.job, j.node);
                ("built", None)
            } else {
                let why = if state == "CANCELLED" && !started.contains_key(&j.job) { "not built: a dependency failed (its job was cancelled)".to_string() } else { format!("Slurm job {} ended {state} (exit {exit})", j.job) };
                eprintln!("[{}/{total}] FAILED {}: {why}\n  log: {}\n--- last lines of the log ---\n{}", finished.len(), p.cpv(), j.log.display(), tail(&j.log, 25));
                (if started.contains_key(&j.job) { "failed" } else { "skipped" }, Some(why))
            };
            outcomes.push(Outcome { cpv: p.cpv(), hash: p.hash.clone(), reason: reason.clone(), status: status.into(), seconds: secs, sha256: None, error, log: j.log.clone() });
        }
        if finished.len() == total {
            return Ok(outcomes);
        }
        if last_note.elapsed() > Duration::from_secs(30) {
            last_note = Instant::now();
            let running: Vec<&str> = jobs.iter().filter(|j| j.state == "RUNNING").map(|j| j.package.as_str()).collect();
            eprintln!("... {} s elapsed, {}/{total} done, running: {}", t0.elapsed().as_secs(), finished.len(), running.join(", "));
        }
        tokio::select! {
            _ = tokio::time::sleep(Duration::from_millis(1000)) => {}
            _ = &mut ctrl_c => {
                let open: Vec<u64> = jobs.iter().filter(|j| !finished.contains(&j.job)).map(|j| j.job).collect();
                scancel(&open);
                bail!("interrupted: cancelled {} Slurm job(s) ({}); {} finished; run the same command again to resume", open.len(), open.iter().map(u64::to_string).collect::<Vec<_>>().join(","), finished.len());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::os::unix::fs::PermissionsExt;

    /// Runs the container job script with a stand-in `railyard` that exits with the given
    /// statuses in turn; returns the script's status and how often it was started.
    fn job(statuses: &[i32]) -> (i32, usize) {
        let d = std::env::temp_dir().join(format!("railyard-slurm-script-{}-{}", std::process::id(), statuses.iter().map(i32::to_string).collect::<Vec<_>>().join("-")));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).unwrap();
        let script = d.join("job.sh");
        std::fs::write(&script, super::CONTAINER_JOB_SCRIPT).unwrap();
        let list = statuses.iter().map(i32::to_string).collect::<Vec<_>>().join(" ");
        let bin = d.join("railyard");
        std::fs::write(
            &bin,
            format!("#!/bin/sh\necho \"$*\" >> {d}/calls\nn=$(wc -l < {d}/calls)\nset -- {list}\nshift $((n - 1))\nexit $1\n", d = d.display()),
        )
        .unwrap();
        std::fs::set_permissions(&bin, std::fs::Permissions::from_mode(0o755)).unwrap();
        let st = std::process::Command::new("sh").arg(&script).arg(&bin).args(["--", "railyard", "build_packages"]).env("SLURM_JOB_ID", "7").status().unwrap();
        let calls = std::fs::read_to_string(d.join("calls")).unwrap();
        assert!(calls.lines().all(|l| l == "run_sdk_container --rm -U -n railyard-slurm-7 -- railyard build_packages"), "{calls}");
        let _ = std::fs::remove_dir_all(&d);
        (st.code().unwrap(), calls.lines().count())
    }

    #[test]
    fn an_engine_failure_is_retried_once_and_a_build_failure_never() {
        assert_eq!(job(&[0]), (0, 1));
        // a failed build (1) or an interrupted one (130): no second run
        assert_eq!(job(&[1, 0]), (1, 1));
        assert_eq!(job(&[130, 0]), (130, 1));
        // the engine failed: one more run, whose status is the job's
        assert_eq!(job(&[255, 0]), (0, 2));
        assert_eq!(job(&[125, 1]), (1, 2));
        assert_eq!(job(&[126, 255, 0]), (255, 2));
    }
}
