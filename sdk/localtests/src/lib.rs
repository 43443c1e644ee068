//! `run_local_tests`: a kola-style harness. It boots the board's `qemu_uefi` image (made by
//! `image_to_vm`) under QEMU, one VM per machine kind, each provisioned by Ignition with a
//! fresh ssh key and reached over ssh on a forwarded 127.0.0.1 port, and runs the tests of
//! [`checks::TESTS`] on them: tests of one machine share its boot, machines run side by
//! side (`--parallel`). Output: a progress line per test, a directory per test (console
//! log, journal, ssh transcript), `summary.json` and `junit.xml`; the exit status is the
//! number of failures. Ctrl-C kills every VM.

pub mod checks;
pub mod machine;
pub mod serve;
pub mod sysext;
pub mod container;

use anyhow::{bail, Context, Result};
use checks::{Facts, Kind, MachineKind, Session, TESTS};
use machine::Machine;
use railyard_core::Board;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// What to run.
#[derive(Debug, Clone)]
pub struct Options {
    /// The board.
    pub board: Board,
    /// Directory holding the built image and its `qemu_uefi` disk.
    pub image_dir: PathBuf,
    /// Machines booted at the same time.
    pub parallel: usize,
    /// Test name patterns (`*` matches anything); empty: all.
    pub patterns: Vec<String>,
    /// Output directory (replaced).
    pub output: PathBuf,
    /// Longest wait from QEMU's start to an ssh login (or, for a boot that must fail, to
    /// QEMU's exit).
    pub boot_timeout: Duration,
    /// Memory per VM, MiB.
    pub memory_mib: u32,
    /// An Ignition config merged into every machine's (run_local_tests --config-append).
    pub config_append: Option<PathBuf>,
    /// The update the `cl.update.*` tests install (`--update_payload`: a newer build's
    /// directory or its `*_update.manifest`); None: those tests are skipped.
    pub update_payload: Option<PathBuf>,
    /// System extensions (`NAME.raw` with its sidecar) for the `cl.sysext.*` tests; none:
    /// those tests are skipped.
    pub sysexts: Vec<PathBuf>,
    /// The checkout (its store holds the busybox package of the test container image).
    pub root: PathBuf,
}

/// One test's result.
#[derive(Debug, Clone, serde::Serialize)]
pub struct TestResult {
    /// Its name.
    pub name: String,
    /// The machine it ran on.
    pub machine: MachineKind,
    /// Passed? (false when skipped)
    pub passed: bool,
    /// Not run (the message says why).
    pub skipped: bool,
    /// Why not (with the evidence), or empty.
    pub message: String,
    /// Seconds the test itself took (its machine's boot is reported per machine).
    pub seconds: f64,
    /// Its directory (console log, journal, ssh transcript).
    pub dir: PathBuf,
}

/// One machine's record.
#[derive(Debug, Clone, serde::Serialize)]
pub struct MachineReport {
    /// Which.
    pub kind: MachineKind,
    /// Seconds from QEMU's start to the first ssh login (None: never, or not expected).
    pub boot_to_ssh_seconds: Option<f64>,
    /// Seconds QEMU ran.
    pub seconds: f64,
    /// Its directory.
    pub dir: PathBuf,
}

/// The run.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Summary {
    /// Board.
    pub board: String,
    /// The disk every machine's overlay is based on.
    pub image: PathBuf,
    /// Tests run.
    pub tests: usize,
    /// Of which failed.
    pub failures: usize,
    /// Of which were skipped (not counted as failures).
    pub skipped: usize,
    /// Wall seconds.
    pub seconds: f64,
    /// Machines booted at once.
    pub parallel: usize,
    /// Per test.
    pub results: Vec<TestResult>,
    /// Per machine.
    pub machines: Vec<MachineReport>,
    /// The JUnit XML file.
    pub junit: PathBuf,
}

/// `*`-glob match.
fn glob(p: &str, s: &str) -> bool {
    match p.split_once('*') {
        None => p == s,
        Some((head, rest)) => {
            let Some(tail) = s.strip_prefix(head) else { return false };
            (0..=tail.len()).any(|i| tail.is_char_boundary(i) && glob(rest, &tail[i..]))
        }
    }
}

/// The tests `patterns` select (all when empty); an unknown pattern is an error naming the
/// tests there are.
pub fn select(patterns: &[String]) -> Result<Vec<&'static checks::TestDef>> {
    if patterns.is_empty() {
        return Ok(TESTS.iter().collect());
    }
    for p in patterns {
        if !TESTS.iter().any(|t| glob(p, t.name)) {
            bail!("no test matches {p:?}; the tests are: {}", TESTS.iter().map(|t| t.name).collect::<Vec<_>>().join(", "));
        }
    }
    Ok(TESTS.iter().filter(|t| patterns.iter().any(|p| glob(p, t.name))).collect())
}

/// The qemu_uefi disk in `dir` (`*_qemu_uefi_image.img`).
pub fn find_image(dir: &Path) -> Result<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(dir)
        .with_context(|| format!("reading the image directory {}", dir.display()))?
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.ends_with("_qemu_uefi_image.img")))
        .collect();
    found.sort();
    match found.len() {
        1 => Ok(found.remove(0)),
        0 => bail!("no qemu_uefi image (*_qemu_uefi_image.img) in {}: run ./image_to_vm --format=qemu_uefi first", dir.display()),
        _ => bail!("several qemu_uefi images in {}: {:?}", dir.display(), found),
    }
}

struct Env<'a> {
    opts: &'a Options,
    image: PathBuf,
    keys: PathBuf,
    core_pub: String,
    alice_pub: String,
    extra: Option<serde_json::Value>,
    update: Option<serve::Update>,
    server: Option<serve::Server>,
    sysexts: Vec<sysext::Ext>,
    container: Option<container::Archive>,
    sysext_files: (Vec<serde_json::Value>, Vec<serde_json::Value>),
    progress: Mutex<(usize, usize)>,
}

impl Env<'_> {
    fn report(&self, r: &TestResult) {
        let mut p = self.progress.lock().unwrap_or_else(|e| e.into_inner());
        p.0 += 1;
        let first = r.message.lines().next().unwrap_or("");
        if r.skipped {
            eprintln!("[{}/{}] {} ... SKIP: {first}", p.0, p.1, r.name);
        } else if r.passed {
            eprintln!("[{}/{}] {} ... PASS ({:.1} s)", p.0, p.1, r.name, r.seconds);
        } else {
            eprintln!("[{}/{}] {} ... FAIL ({:.1} s): {first}", p.0, p.1, r.name, r.seconds);
        }
    }
}

/// Runs the selected tests; the summary (also written as `summary.json` and `junit.xml`).
pub fn run(opts: &Options) -> Result<Summary> {
    let t0 = Instant::now();
    let tests = select(&opts.patterns)?;
    let image = find_image(&opts.image_dir)?;
    let extra = match &opts.config_append {
        Some(p) => Some(
            serde_json::from_slice::<serde_json::Value>(&std::fs::read(p).with_context(|| format!("reading {}", p.display()))?)
                .with_context(|| format!("{}: not JSON", p.display()))?,
        ),
        None => None,
    };
    if opts.output.exists() {
        std::fs::remove_dir_all(&opts.output).with_context(|| format!("removing the previous results in {}", opts.output.display()))?;
    }
    let keys = opts.output.join("keys");
    std::fs::create_dir_all(&keys)?;
    let core_pub = machine::keygen(&keys, "core")?;
    let alice_pub = machine::keygen(&keys, "alice")?;
    let wants_update = tests.iter().any(|t| t.machine == MachineKind::Update);
    let update = match (&opts.update_payload, wants_update) {
        (Some(p), true) => Some(serve::Update::load(p)?),
        _ => None,
    };
    let sysexts = sysext::load(&opts.sysexts)?;
    let has_containerd = sysexts.iter().any(|e| e.name == "containerd");
    // without an update to install the cl.update.* tests are skipped (kola does the same),
    // and without an extension the cl.sysext.* ones
    let mut skipped: Vec<TestResult> = Vec::new();
    let tests: Vec<&checks::TestDef> = tests
        .into_iter()
        .filter(|t| {
            let why = if t.machine == MachineKind::Update && update.is_none() {
                "needs --update_payload=DIR: a newer build (./build_image --version=…) signed with a key this image trusts"
            } else if t.name.starts_with("cl.sysext.") && sysexts.is_empty() {
                "needs --sysext=NAME.raw: a system extension made by ./build_sysext for this image"
            } else if t.name == "cl.sysext.containerd" && !has_containerd {
                "needs --sysext=containerd.raw: ./build_sysext containerd app-containers/containerd-bin"
            } else {
                return true;
            };
            let dir = opts.output.join("tests").join(t.name);
            let _ = std::fs::create_dir_all(&dir);
            let _ = std::fs::write(dir.join("result.txt"), format!("SKIP\n{why}\n"));
            skipped.push(TestResult { name: t.name.into(), machine: t.machine, passed: false, skipped: true, message: why.into(), seconds: 0.0, dir });
            false
        })
        .collect();

    // what the guests fetch from the test server: the update, the extensions (as built and
    // tampered), the container image
    let wants_sysext = tests.iter().any(|t| t.name.starts_with("cl.sysext."));
    let container = if tests.iter().any(|t| t.name == "cl.sysext.containerd") {
        let c = container::busybox_archive(&opts.root, &opts.board, &opts.output.join("container"))?;
        eprintln!("run_local_tests: container image {} from {} ({})", c.file.display(), c.cpv, c.digest);
        Some(c)
    } else {
        None
    };
    let mut routes = update.as_ref().map(|u| u.routes()).unwrap_or_default();
    let sysext_routes = if wants_sysext { sysext::routes(&sysexts)? } else { Vec::new() };
    routes.extend(sysext_routes.iter().cloned());
    let container_route = container.as_ref().map(|c| serve::Route { path: "container/busybox.oci.tar".into(), file: c.file.clone(), flip: None });
    routes.extend(container_route.clone());
    let server = if routes.is_empty() { None } else { Some(serve::Server::start(routes)?) };
    let sysext_files = match (&server, wants_sysext) {
        (Some(srv), true) => {
            let mut main = sysext::files(&sysexts, &sysext_routes, false, srv)?;
            if let Some(r) = &container_route {
                main.push(sysext::fetched_file(checks::CONTAINER_ARCHIVE, r, srv)?);
            }
            (main, sysext::files(&sysexts, &sysext_routes, true, srv)?)
        }
        _ => Default::default(),
    };

    let mut kinds: Vec<MachineKind> = Vec::new();
    for t in &tests {
        let need = match t.kind {
            Kind::Pair(a, b, _) => vec![a, b],
            _ => vec![t.machine],
        };
        for k in need {
            if !kinds.contains(&k) {
                kinds.push(k);
            }
        }
    }
    kinds.sort();
    let env = Env { opts, image: image.clone(), keys, core_pub, alice_pub, extra, update, server, sysext_files, sysexts, container, progress: Mutex::new((0, tests.len() + skipped.len())) };
    for r in &skipped {
        env.report(r);
    }
    eprintln!(
        "run_local_tests: {} test(s) on {} machine(s) from {} ({} at a time, TCG); results in {}",
        tests.len(),
        kinds.len(),
        image.display(),
        opts.parallel.max(1),
        opts.output.display()
    );

    let queue = Mutex::new(kinds.clone());
    let done: Mutex<Vec<(MachineKind, Vec<TestResult>, Option<Facts>, MachineReport)>> = Mutex::new(Vec::new());
    std::thread::scope(|sc| {
        for _ in 0..opts.parallel.max(1).min(kinds.len().max(1)) {
            sc.spawn(|| loop {
                let Some(k) = queue.lock().unwrap_or_else(|e| e.into_inner()).pop() else { break };
                let mine: Vec<&checks::TestDef> = tests.iter().copied().filter(|t| t.machine == k && !matches!(t.kind, Kind::Pair(..))).collect();
                let out = run_machine(&env, k, &mine);
                done.lock().unwrap_or_else(|e| e.into_inner()).push(out);
            });
        }
    });
    let done = done.into_inner().unwrap_or_else(|e| e.into_inner());
    let mut facts: BTreeMap<MachineKind, Facts> = BTreeMap::new();
    let mut by_name: BTreeMap<String, TestResult> = BTreeMap::new();
    let mut machines = Vec::new();
    for (k, results, f, rep) in done {
        if let Some(f) = f {
            facts.insert(k, f);
        }
        for r in results {
            by_name.insert(r.name.clone(), r);
        }
        machines.push(rep);
    }
    machines.sort_by_key(|m| m.kind);
    for t in &tests {
        if let Kind::Pair(a, b, f) = t.kind {
            let start = Instant::now();
            let dir = opts.output.join("tests").join(t.name);
            std::fs::create_dir_all(&dir)?;
            let res = match (facts.get(&a), facts.get(&b)) {
                (Some(x), Some(y)) => f(x, y),
                _ => Err(anyhow::anyhow!("needs the {a:?} and {b:?} machines up; one of them did not come up (see its test results)")),
            };
            let _ = std::fs::write(dir.join("facts.json"), serde_json::to_string_pretty(&facts)?);
            let r = result(t.name, a, res, start, &dir);
            env.report(&r);
            by_name.insert(r.name.clone(), r);
        }
    }
    for r in skipped {
        by_name.insert(r.name.clone(), r);
    }
    let results: Vec<TestResult> = select(&opts.patterns)?.iter().filter_map(|t| by_name.remove(t.name)).collect();
    let failures = results.iter().filter(|r| !r.passed && !r.skipped).count();
    let skipped = results.iter().filter(|r| r.skipped).count();
    let junit = opts.output.join("junit.xml");
    let summary = Summary {
        board: opts.board.board.name.clone(),
        image,
        tests: results.len(),
        failures,
        skipped,
        seconds: t0.elapsed().as_secs_f64(),
        parallel: opts.parallel.max(1),
        results,
        machines,
        junit: junit.clone(),
    };
    std::fs::write(&junit, junit_xml(&summary))?;
    std::fs::write(opts.output.join("summary.json"), serde_json::to_string_pretty(&summary)? + "\n")?;
    Ok(summary)
}

fn result(name: &str, machine: MachineKind, res: Result<()>, start: Instant, dir: &Path) -> TestResult {
    let (passed, message) = match res {
        Ok(()) => (true, String::new()),
        Err(e) => (false, format!("{e:#}")),
    };
    let _ = std::fs::write(dir.join("result.txt"), if passed { "PASS\n".to_string() } else { format!("FAIL\n{message}\n") });
    TestResult { name: name.into(), machine, passed, skipped: false, message, seconds: start.elapsed().as_secs_f64(), dir: dir.to_path_buf() }
}

/// Boots one machine, runs its tests, collects its evidence.
fn run_machine(env: &Env, kind: MachineKind, tests: &[&checks::TestDef]) -> (MachineKind, Vec<TestResult>, Option<Facts>, MachineReport) {
    let opts = env.opts;
    let mdir = opts.output.join("machines").join(format!("{kind:?}").to_lowercase());
    let mut results = Vec::new();
    let rep = |m: Option<&Machine>, boot: Option<f64>| MachineReport { kind, boot_to_ssh_seconds: boot, seconds: m.map(|m| m.started.elapsed().as_secs_f64()).unwrap_or(0.0), dir: mdir.clone() };
    let test_dir = |name: &str| {
        let d = opts.output.join("tests").join(name);
        let _ = std::fs::create_dir_all(&d);
        d
    };
    let mut cfg = checks::config(kind, &env.core_pub, &env.alice_pub, env.extra.as_ref());
    // the extensions under test: as built on the main machine, tampered on the peer
    let placed = match kind {
        MachineKind::Main => &env.sysext_files.0,
        MachineKind::Peer => &env.sysext_files.1,
        _ => &Vec::new(),
    };
    if !placed.is_empty() {
        let files = cfg["storage"]["files"].as_array().cloned().unwrap_or_default();
        cfg["storage"]["files"] = serde_json::Value::Array(files.into_iter().chain(placed.iter().cloned()).collect());
    }
    // ROOT grows into the main machine's larger disk
    let size = (kind == MachineKind::Main).then_some("20G");
    // the peer gets its config from its OEM-CONFIG partition, the others through fw_cfg
    // the update machine reboots (and its failed update's boot panics) on purpose, the main
    // one when cl.sysext.containerd checks its container after a reboot
    let started = Machine::start(&opts.board.qemu, &env.image, &mdir, &cfg, size, opts.memory_mib, kind == MachineKind::Peer, kind == MachineKind::Update || (kind == MachineKind::Main && env.container.is_some()));
    let mut m = match started {
        Ok(m) => m,
        Err(e) => {
            for t in tests {
                let r = result(t.name, kind, Err(anyhow::anyhow!("could not start the {kind:?} machine: {e:#}")), Instant::now(), &test_dir(t.name));
                env.report(&r);
                results.push(r);
            }
            return (kind, results, None, rep(None, None));
        }
    };
    if kind == MachineKind::Broken {
        let exit = m.wait_exit(opts.boot_timeout);
        m.stop();
        let console = m.console_text();
        for t in tests {
            let start = Instant::now();
            let d = test_dir(t.name);
            let _ = std::fs::copy(&m.console, d.join("console.log"));
            let res = match t.kind {
                Kind::BootFails(f) => f(&console, exit),
                _ => Err(anyhow::anyhow!("not a test for a machine that must fail to boot")),
            };
            let res = res.map_err(|e| anyhow::anyhow!("{e:#}\nconsole tail:\n{}", m.console_tail(25)));
            let r = result(t.name, kind, res, start, &d);
            env.report(&r);
            results.push(r);
        }
        let r = rep(Some(&m), None);
        return (kind, results, None, r);
    }

    let key = env.keys.join("core");
    let up = m.wait_ssh("core", &key, opts.boot_timeout);
    let boot = m.started.elapsed().as_secs_f64();
    if !matches!(up, Ok(true)) {
        let why = match (&up, m.exited()) {
            (Err(e), _) => format!("{e:#}"),
            (_, Some(code)) => format!("QEMU exited (status {code}) before an ssh login worked"),
            _ => format!("no ssh login within {} s", opts.boot_timeout.as_secs()),
        };
        m.stop();
        for t in tests {
            let d = test_dir(t.name);
            let _ = std::fs::copy(&m.console, d.join("console.log"));
            let r = result(t.name, kind, Err(anyhow::anyhow!("the {kind:?} machine did not come up: {why}\nconsole tail:\n{}", m.console_tail(25))), Instant::now(), &d);
            env.report(&r);
            results.push(r);
        }
        let r = rep(Some(&m), None);
        return (kind, results, None, r);
    }
    eprintln!("run_local_tests: the {} machine is up (ssh after {boot:.1} s)", format!("{kind:?}").to_lowercase());

    let mut facts = Facts { boot_to_ssh_seconds: boot, ..Default::default() };
    facts.host_keys = std::fs::read_to_string(mdir.join("known_hosts")).unwrap_or_default().lines().map(str::to_string).collect();
    let update = env.update.as_ref().zip(env.server.as_ref()).map(|(u, srv)| checks::UpdateTarget {
        good_url: srv.url(&u.path("good")),
        bad_url: srv.url(&u.path("bad")),
        version: u.manifest.version.clone(),
        usr_a: u.partuuid("USR-A").unwrap_or_default().to_string(),
        usr_b: u.partuuid("USR-B").unwrap_or_default().to_string(),
    });
    let mut s = Session {
        m: &mut m,
        key: key.clone(),
        alice_key: env.keys.join("alice"),
        os_id: opts.board.os.id.clone(),
        transcript: String::new(),
        boot_timeout: opts.boot_timeout,
        update,
        sysexts: env.sysexts.clone(),
        container: env.container.clone(),
    };
    facts.machine_id = s.ok("core", "cat /etc/machine-id").unwrap_or_default();
    let ordered: Vec<&&checks::TestDef> = tests.iter().filter(|t| matches!(t.kind, Kind::Ssh(_))).chain(tests.iter().filter(|t| matches!(t.kind, Kind::Destructive(_)))).collect();
    let mut journal_saved = false;
    let mut pending: Vec<TestResult> = Vec::new();
    for t in ordered {
        if matches!(t.kind, Kind::Destructive(_)) && !journal_saved {
            save_journal(&mut s, &mdir);
            journal_saved = true;
        }
        let start = Instant::now();
        s.transcript.clear();
        let res = match t.kind {
            Kind::Ssh(f) | Kind::Destructive(f) => f(&mut s),
            _ => Err(anyhow::anyhow!("not an ssh test")),
        };
        let d = test_dir(t.name);
        let _ = std::fs::write(d.join("ssh.log"), &s.transcript);
        let r = result(t.name, kind, res, start, &d);
        env.report(&r);
        pending.push(r);
    }
    if !journal_saved {
        save_journal(&mut s, &mdir);
    }
    drop(s);
    m.stop();
    for r in pending {
        let d = &r.dir;
        let _ = std::fs::copy(&m.console, d.join("console.log"));
        let _ = std::fs::copy(mdir.join("journal.txt"), d.join("journal.txt"));
        results.push(r);
    }
    let r = rep(Some(&m), Some(boot));
    (kind, results, Some(facts), r)
}

fn save_journal(s: &mut Session, dir: &Path) {
    let j = s.run("root", "journalctl -b --no-pager -o short-monotonic").map(|r| r.stdout + &r.stderr).unwrap_or_else(|e| format!("(no journal: {e:#})"));
    let _ = std::fs::write(dir.join("journal.txt"), j);
}

fn xml(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&apos;"),
            '\t' | '\n' | '\r' => o.push(c),
            c if (c as u32) < 0x20 => o.push_str(&format!("\\x{:02x}", c as u32)),
            c => o.push(c),
        }
    }
    o
}

/// The JUnit XML report: one testsuite (the board), one testcase per test with its time,
/// a failure element with the message for each failure.
pub fn junit_xml(s: &Summary) -> String {
    let mut o = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(o, "<testsuites name=\"run_local_tests\" tests=\"{}\" failures=\"{}\" time=\"{:.3}\">", s.tests, s.failures, s.seconds);
    let _ = writeln!(o, "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"0\" skipped=\"{}\" time=\"{:.3}\">", xml(&s.board), s.tests, s.failures, s.skipped, s.seconds);
    for r in &s.results {
        let _ = write!(o, "    <testcase classname=\"{}.{}\" name=\"{}\" time=\"{:.3}\"", xml(&s.board), format!("{:?}", r.machine).to_lowercase(), xml(&r.name), r.seconds);
        if r.skipped {
            let _ = writeln!(o, ">\n      <skipped message=\"{}\"/>\n    </testcase>", xml(&r.message));
        } else if r.passed {
            o.push_str("/>\n");
        } else {
            let first = r.message.lines().next().unwrap_or("");
            let _ = writeln!(o, ">\n      <failure message=\"{}\" type=\"failure\">{}</failure>\n    </testcase>", xml(first), xml(&r.message));
        }
    }
    o.push_str("  </testsuite>\n</testsuites>\n");
    o
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_select_by_glob_and_unknown_ones_are_refused() {
        let n = |p: &[&str]| select(&p.iter().map(|s| s.to_string()).collect::<Vec<_>>()).map(|v| v.iter().map(|t| t.name).collect::<Vec<_>>());
        assert_eq!(n(&["cl.ignition.*"]).unwrap(), ["cl.ignition.users", "cl.ignition.files", "cl.ignition.units", "cl.ignition.once", "cl.ignition.oem", "cl.ignition.broken"]);
        assert_eq!(n(&["cl.basic"]).unwrap(), ["cl.basic"]);
        assert_eq!(n(&[]).unwrap().len(), TESTS.len());
        let e = n(&["cl.nope"]).unwrap_err().to_string();
        assert!(e.contains("no test matches \"cl.nope\"") && e.contains("cl.basic"), "{e}");
    }

    #[test]
    fn the_junit_report_escapes_and_counts() {
        let s = Summary {
            board: "amd64-usr".into(),
            image: "/i".into(),
            tests: 3,
            failures: 1,
            skipped: 1,
            seconds: 3.0,
            parallel: 1,
            results: vec![
                TestResult { name: "cl.basic".into(), machine: MachineKind::Main, passed: true, skipped: false, message: String::new(), seconds: 1.5, dir: "/d".into() },
                TestResult { name: "cl.x".into(), machine: MachineKind::Peer, passed: false, skipped: false, message: "a <b> & \"c\"\nmore".into(), seconds: 0.25, dir: "/d".into() },
                TestResult { name: "cl.update.payload".into(), machine: MachineKind::Update, passed: false, skipped: true, message: "needs --update_payload".into(), seconds: 0.0, dir: "/d".into() },
            ],
            machines: vec![],
            junit: "/j".into(),
        };
        let x = junit_xml(&s);
        assert!(x.contains("<testcase classname=\"amd64-usr.main\" name=\"cl.basic\" time=\"1.500\"/>"), "{x}");
        assert!(x.contains("failure message=\"a &lt;b&gt; &amp; &quot;c&quot;\""), "{x}");
        assert!(x.contains("tests=\"3\" failures=\"1\" errors=\"0\" skipped=\"1\""), "{x}");
        assert!(x.contains("name=\"cl.update.payload\" time=\"0.000\">\n      <skipped message=\"needs --update_payload\"/>"), "{x}");
    }

    #[test]
    fn the_appended_config_is_merged_by_ignition_and_the_broken_one_is_invalid() {
        let extra = serde_json::json!({"ignition": {"version": "3.3.0"}});
        let c = checks::config(MachineKind::Main, "ssh-ed25519 A core", "ssh-ed25519 B alice", Some(&extra));
        let src = c["ignition"]["config"]["merge"][0]["source"].as_str().unwrap();
        assert_eq!(src, "data:;base64,eyJpZ25pdGlvbiI6eyJ2ZXJzaW9uIjoiMy4zLjAifX0=");
        let b = checks::config(MachineKind::Broken, "k", "k", Some(&extra));
        assert!(b["ignition"].get("config").is_none());
        assert_eq!(b["storage"]["files"][0]["path"], "etc/not-absolute");
    }
}
