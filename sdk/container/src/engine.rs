//! Container engines: podman (preferred) and docker. Detection, the host quirks that
//! make podman fail here (crun on cgroup v1/hybrid hosts, ulimits above the caller's),
//! and the exact argument lists (pure functions, unit-tested for both engines).

use anyhow::{bail, Context, Result};
use railyard_core::Cmd;
use std::path::{Path, PathBuf};

/// Which engine.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// podman.
    Podman,
    /// docker.
    Docker,
}

/// A detected engine and the flags this host needs.
#[derive(Debug, Clone)]
pub struct Engine {
    /// podman or docker.
    pub kind: Kind,
    /// Program path or name.
    pub program: PathBuf,
    /// OCI runtime to force (`runc` where crun cannot work).
    pub runtime: Option<String>,
    /// `--ulimit` values at or below the caller's limits.
    pub ulimits: Vec<String>,
    /// The calling user's uid and gid.
    pub uid: u32,
    /// See `uid`.
    pub gid: u32,
}

fn on_path(name: &str) -> Option<PathBuf> {
    std::env::var_os("PATH")?.to_str()?.split(':').map(|d| Path::new(d).join(name)).find(|p| p.is_file())
}

/// Soft and hard limits of `name` (a line of /proc/self/limits, e.g. "Max open files").
fn limit(limits: &str, name: &str) -> Option<(String, String)> {
    let l = limits.lines().find(|l| l.starts_with(name))?;
    let f: Vec<&str> = l[name.len()..].split_whitespace().collect();
    let conv = |s: &str| if s == "unlimited" { "-1".to_string() } else { s.to_string() };
    Some((conv(f.first()?), conv(f.get(1)?)))
}

/// `--ulimit` values matching the caller's limits (an engine's defaults may exceed them,
/// which makes runc fail to start the container).
pub fn ulimits_from(limits: &str) -> Vec<String> {
    let mut v = Vec::new();
    for (key, line) in [("nofile", "Max open files"), ("nproc", "Max processes")] {
        if let Some((s, h)) = limit(limits, line) {
            v.push(format!("{key}={s}:{h}"));
        }
    }
    v
}

fn ids() -> (u32, u32) {
    let s = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let get = |k: &str| {
        s.lines()
            .find_map(|l| l.strip_prefix(k))
            .and_then(|v| v.split_whitespace().next())
            .and_then(|v| v.parse().ok())
            .unwrap_or(0)
    };
    (get("Uid:"), get("Gid:"))
}

/// Whether the host runs cgroup v1 or hybrid (no unified-only hierarchy).
fn cgroup_v1_or_hybrid() -> bool {
    !Path::new("/sys/fs/cgroup/cgroup.controllers").exists()
}

impl Engine {
    /// Detects podman, then docker (or the one named by `preferred`).
    pub fn detect(preferred: Option<&str>) -> Result<Engine> {
        let order: Vec<(&str, Kind)> = match preferred {
            Some("podman") => vec![("podman", Kind::Podman)],
            Some("docker") => vec![("docker", Kind::Docker)],
            Some(o) => bail!("unknown container engine {o:?}: use podman or docker"),
            None => vec![("podman", Kind::Podman), ("docker", Kind::Docker)],
        };
        let (uid, gid) = ids();
        for (name, kind) in order {
            if let Some(program) = on_path(name) {
                let mut e = Engine { kind, program, runtime: None, ulimits: Vec::new(), uid, gid };
                if kind == Kind::Podman {
                    e.ulimits = ulimits_from(&std::fs::read_to_string("/proc/self/limits").unwrap_or_default());
                    let rt = Cmd::new("asking podman for its OCI runtime", &e.program)
                        .args(["info", "--format", "{{.Host.OCIRuntime.Name}}"])
                        .text()
                        .unwrap_or_default();
                    if rt.trim() == "crun" && cgroup_v1_or_hybrid() {
                        if on_path("runc").is_none() {
                            bail!("podman uses crun, which fails on this cgroup v1/hybrid host, and runc is not installed: apt-get install runc");
                        }
                        e.runtime = Some("runc".into());
                    }
                }
                return Ok(e);
            }
        }
        bail!("{}", missing_engine_message())
    }

    /// Halves every `--ulimit` value (floor 1024); false when nothing can be lowered.
    /// Some hosts refuse a container's rlimits even at the caller's own values (runc:
    /// "error setting rlimit type 6: operation not permitted"): the runner retries lower.
    pub fn lower_ulimits(&mut self) -> bool {
        let mut changed = false;
        for u in &mut self.ulimits {
            let Some((key, vals)) = u.split_once('=') else { continue };
            let (s, h) = vals.split_once(':').unwrap_or((vals, vals));
            let (s, h): (i64, i64) = (s.parse().unwrap_or(-1), h.parse().unwrap_or(-1));
            let cur = if s < 0 { h.max(0) } else { s };
            if cur < 0 || (cur > 0 && cur <= 1024) {
                continue;
            }
            let n = if cur == 0 { 65536 } else { (cur / 2).max(1024) };
            *u = format!("{key}={n}:{n}");
            changed = true;
        }
        changed
    }

    /// The engine's name.
    pub fn name(&self) -> &'static str {
        match self.kind {
            Kind::Podman => "podman",
            Kind::Docker => "docker",
        }
    }

    /// A command for this engine.
    pub fn cmd(&self, what: &str) -> Cmd {
        Cmd::new(what, &self.program)
    }

    /// Global flags that must precede the subcommand.
    pub fn global_args(&self) -> Vec<String> {
        match (&self.kind, &self.runtime) {
            (Kind::Podman, Some(rt)) => vec!["--runtime".into(), rt.clone()],
            _ => vec![],
        }
    }

    /// Arguments of `create` for the SDK container.
    pub fn create_args(&self, spec: &RunSpec) -> Vec<String> {
        let mut a = self.global_args();
        a.extend(["create".to_string(), "--name".into(), spec.name.clone(), "--hostname".into(), hostname(&spec.name)]);
        a.extend(["--network".into(), "host".into(), "--tmpfs".into(), "/tmp:exec".into()]);
        // the entrypoint (sleep as PID 1) ignores SIGTERM: stop at once instead of after 10 s
        a.extend(["--stop-signal".into(), "KILL".into()]);
        a.extend(["--label".into(), format!("org.railyard.sdk.image={}", spec.image)]);
        a.extend(["-v".into(), format!("{}:{}", spec.repo.display(), SOURCE_MOUNT)]);
        for (host, guest) in &spec.extra_mounts {
            a.extend(["-v".into(), format!("{}:{}:ro", host.display(), guest)]);
        }
        if let Some(dir) = &spec.secrets_dir {
            // per-run secret files appear here (written on the host just before each exec)
            a.extend(["-v".into(), format!("{}:{SECRETS_MOUNT}:ro", dir.display())]);
            a.extend(["--label".into(), format!("org.railyard.sdk.secrets={SECRETS_MOUNT}")]);
        }
        for u in &self.ulimits {
            a.extend(["--ulimit".into(), u.clone()]);
        }
        if self.kind == Kind::Podman && self.uid != 0 {
            // rootless podman: map the caller to the same uid inside
            a.push("--userns=keep-id".into());
        }
        a.extend(["--entrypoint".into(), "/bin/sleep".into(), spec.image.clone(), "infinity".into()]);
        a
    }

    /// Arguments of `exec` running `cmd` as the calling user in the repository.
    pub fn exec_args(&self, spec: &RunSpec, cmd: &[String]) -> Vec<String> {
        let mut a = self.global_args();
        a.extend(["exec".to_string(), "-i".into()]);
        if spec.tty {
            a.push("-t".into());
        }
        a.extend(["--user".into(), format!("{}:{}", self.uid, self.gid), "-w".into(), SOURCE_MOUNT.into()]);
        for (k, v) in &spec.env {
            a.extend(["-e".into(), format!("{k}={v}")]);
        }
        // values from the engine's own environment: never on a command line
        for k in &spec.pass_env {
            a.extend(["-e".into(), k.clone()]);
        }
        a.push(spec.name.clone());
        if cmd.is_empty() {
            a.extend(["/bin/bash".into(), "-l".into()]);
        } else {
            a.extend(cmd.iter().cloned());
        }
        a
    }
}

/// Where the repository appears inside the container.
pub const SOURCE_MOUNT: &str = "/mnt/host/source";

/// Where the private secrets directory appears inside the container (read-only).
pub const SECRETS_MOUNT: &str = "/run/railyard-secrets";

/// What to run.
#[derive(Debug, Clone)]
pub struct RunSpec {
    /// Container name.
    pub name: String,
    /// Image reference.
    pub image: String,
    /// Repository root on the host.
    pub repo: PathBuf,
    /// Allocate a TTY.
    pub tty: bool,
    /// Extra read-only mounts (host path, container path).
    pub extra_mounts: Vec<(PathBuf, String)>,
    /// Environment for the command.
    pub env: Vec<(String, String)>,
    /// Variables passed as `-e NAME`: the engine copies the value from its own environment,
    /// so no value appears on a command line.
    pub pass_env: Vec<String>,
    /// Host directory (private, on a tmpfs) mounted read-only at [`SECRETS_MOUNT`].
    pub secrets_dir: Option<PathBuf>,
}

fn hostname(name: &str) -> String {
    name.chars().take(63).map(|c| if c == '.' || c == '_' { '-' } else { c }).collect()
}

/// What to tell a user who has neither podman nor docker.
pub fn missing_engine_message() -> String {
    "no container engine: neither podman nor docker is on PATH.\n  Install one, e.g.: sudo apt-get install podman runc uidmap\n  (run_sdk_container installs it by itself when run as root)".into()
}

/// Installs podman with apt-get when running as root on a Debian/Ubuntu host.
pub fn install_podman() -> Result<()> {
    let (uid, _) = ids();
    if uid != 0 || on_path("apt-get").is_none() {
        bail!("{}", missing_engine_message());
    }
    eprintln!("run_sdk_container: no container engine found; installing podman with apt-get (running as root)");
    Cmd::new("installing podman", "apt-get").env("DEBIAN_FRONTEND", "noninteractive").args(["install", "-y", "-q", "podman", "runc", "uidmap"]).run()
        .context("apt-get install podman runc uidmap")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn engine(kind: Kind, uid: u32) -> Engine {
        Engine {
            kind,
            program: PathBuf::from(if kind == Kind::Podman { "podman" } else { "docker" }),
            runtime: (kind == Kind::Podman).then(|| "runc".to_string()),
            ulimits: vec!["nofile=1024:4096".into()],
            uid,
            gid: uid,
        }
    }

    fn spec() -> RunSpec {
        RunSpec {
            name: "railyard-sdk-amd64-0.1.0".into(),
            image: "localhost/railyard-sdk-amd64:0.1.0".into(),
            repo: PathBuf::from("/src/railyard"),
            tty: true,
            extra_mounts: vec![(PathBuf::from("/bin/ry"), "/usr/local/bin/railyard".into())],
            env: vec![("RAILYARD_BIN".into(), "/usr/local/bin/railyard".into())],
            pass_env: vec![],
            secrets_dir: None,
        }
    }

    #[test]
    fn podman_args() {
        let e = engine(Kind::Podman, 1000);
        let c = e.create_args(&spec()).join(" ");
        assert!(c.starts_with("--runtime runc create --name railyard-sdk-amd64-0.1.0 --hostname railyard-sdk-amd64-0-1-0"), "{c}");
        assert!(c.contains("-v /src/railyard:/mnt/host/source") && c.contains("--ulimit nofile=1024:4096") && c.contains("--userns=keep-id"), "{c}");
        assert!(!c.contains("--privileged") && !c.contains("/dev:/dev"), "{c}");
        assert!(c.ends_with("--entrypoint /bin/sleep localhost/railyard-sdk-amd64:0.1.0 infinity"), "{c}");
        let x = e.exec_args(&spec(), &["./build_image".into()]).join(" ");
        assert_eq!(x, "--runtime runc exec -i -t --user 1000:1000 -w /mnt/host/source -e RAILYARD_BIN=/usr/local/bin/railyard railyard-sdk-amd64-0.1.0 ./build_image");
    }

    #[test]
    fn secrets_are_mounted_and_values_stay_off_the_command_line() {
        let e = engine(Kind::Podman, 1000);
        let mut s = spec();
        s.secrets_dir = Some(PathBuf::from("/run/user/1000/railyard-sdk/x"));
        s.pass_env = vec!["SOURCE_DATE_EPOCH".into(), "RAILYARD_SIGNING_KEY_FILE".into()];
        let c = e.create_args(&s).join(" ");
        assert!(c.contains("-v /run/user/1000/railyard-sdk/x:/run/railyard-secrets:ro"), "{c}");
        let x = e.exec_args(&s, &["true".into()]).join(" ");
        assert!(x.contains(" -e SOURCE_DATE_EPOCH -e RAILYARD_SIGNING_KEY_FILE railyard-sdk-amd64-0.1.0 true"), "{x}");
    }

    #[test]
    fn docker_args() {
        let e = engine(Kind::Docker, 1000);
        let c = e.create_args(&spec()).join(" ");
        assert!(c.starts_with("create --name"), "{c}");
        assert!(!c.contains("--runtime") && !c.contains("--userns") && !c.contains("--privileged"), "{c}");
        let mut s = spec();
        s.tty = false;
        let x = e.exec_args(&s, &[]).join(" ");
        assert_eq!(x, "exec -i --user 1000:1000 -w /mnt/host/source -e RAILYARD_BIN=/usr/local/bin/railyard railyard-sdk-amd64-0.1.0 /bin/bash -l");
    }

    #[test]
    fn ulimits_can_be_lowered_to_a_floor() {
        let mut e = engine(Kind::Podman, 0);
        e.ulimits = vec!["nofile=20000:20000".into(), "nproc=96529:96529".into()];
        assert!(e.lower_ulimits());
        assert_eq!(e.ulimits, ["nofile=10000:10000", "nproc=48264:48264"]);
        for _ in 0..10 {
            e.lower_ulimits();
        }
        assert_eq!(e.ulimits, ["nofile=1024:1024", "nproc=1024:1024"]);
        assert!(!e.lower_ulimits());
    }

    #[test]
    fn ulimits_follow_the_caller() {
        let l = "Limit                     Soft Limit           Hard Limit           Units\nMax processes             63704                63704                processes\nMax open files            1024                 524288               files\n";
        assert_eq!(ulimits_from(l), vec!["nofile=1024:524288", "nproc=63704:63704"]);
        assert_eq!(limit("Max open files            unlimited            unlimited            files", "Max open files"), Some(("-1".into(), "-1".into())));
    }
}
