//! Our resolver (`build_packages --pretend --json`) against Portage's own
//! (`emerge --pretend --emptytree --verbose`) on the same repositories and configuration:
//! the same packages (version and repository), slots and enabled IUSE flags, and a merge
//! order of Portage's that respects every DEPEND/BDEPEND/RDEPEND edge of our plan (ours
//! must too). Run on the default boards and on a generated ~300-package repository
//! (`sdk/bench/src/synthrepo.rs`), whose md5-cache — written by the egencache our tool runs — is
//! checked as well.
//!
//! `SYNTHREPO_WITHOUT=use_dep_defaults,multi_slot,…` leaves constructs out of the
//! synthetic repository (the fields of `synthrepo::Options`), to look at one difference
//! at a time.
//!
//! Portage is run through the board's generated `emerge-<board>` wrapper right after our
//! run (every run rewrites it for its repository set). The wrapper's environment file is
//! copied at once and checked to name our repositories, so that a concurrent
//! `build_packages` with other overlays cannot change what Portage sees.

mod common;

use railyard_bench::synthrepo;

use common::*;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Instant;

/// Both tests rewrite the amd64-usr wrappers with different repository sets.
static SERIAL: Mutex<()> = Mutex::new(());

/// Seed and size of the synthetic repository.
const SEED: u64 = 20_240_601;
const PACKAGES: usize = 300;

/// USE_EXPAND variables Portage hides from its output (profiles/base/make.defaults).
const HIDDEN_PREFIXES: [&str; 2] = ["elibc_", "kernel_"];

/// One package of our plan.
#[derive(Debug, Clone)]
struct Ours {
    cpv: String,
    repo: String,
    slot: String,
    use_on: BTreeSet<String>,
    deps: Vec<(String, String)>,
    /// Dependencies (kind, package) a first-step package serves while this one builds
    /// (the edges that broke a loop).
    served: BTreeSet<(String, String)>,
    /// `ROOT` (the board's) or `BROOT` (the build host's, Portage's "/").
    root: String,
    /// Planned only for the first step of a two-step build (`--break-dep-loop`).
    loop_breaker: bool,
}

/// Our `--pretend --json` plan, in our build order.
struct OurPlan {
    pkgs: Vec<Ours>,
    stdout: String,
    stderr: String,
}

impl OurPlan {
    /// The package in one root (`/` is the build host's, any other path the board's).
    fn get_in(&self, cpv: &str, portage_root: &str) -> Option<&Ours> {
        let root = if portage_root == "/" { "BROOT" } else { "ROOT" };
        self.pkgs.iter().find(|p| p.cpv == cpv && p.root == root)
    }
}

/// One `[ebuild …]` line of emerge.
#[derive(Debug, Clone)]
struct Theirs {
    cpv: String,
    repo: String,
    /// Shown only when not plain "0".
    slot: Option<String>,
    /// `/` (the build host) or the board root.
    root: String,
    /// Flags shown enabled (USE and the visible USE_EXPAND variables).
    use_on: BTreeSet<String>,
    line: String,
}

fn run_ours(board: &str, overlays: &[&Path], targets: &[&str]) -> Result<OurPlan, String> {
    run_ours_with(board, overlays, &[], targets)
}

/// [`run_ours`] with more `build_packages` arguments (e.g. `--profile=`).
fn run_ours_with(board: &str, overlays: &[&Path], extra: &[&str], targets: &[&str]) -> Result<OurPlan, String> {
    let mut c = railyard();
    c.args(["build_packages", &format!("--board={board}"), "--pretend", "--json"]).args(extra);
    for o in overlays {
        c.arg(format!("--overlay={}", o.display()));
    }
    c.args(targets);
    let o = c.output().unwrap();
    let stdout = String::from_utf8_lossy(&o.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&o.stderr).into_owned();
    if !o.status.success() {
        return Err(format!("build_packages --pretend --json failed:\n{stdout}{stderr}"));
    }
    // --pretend prints the plan as text first, then the JSON document
    let start = if stdout.starts_with('{') { 0 } else { stdout.find("\n{\n").map(|i| i + 1).ok_or_else(|| format!("no JSON in:\n{stdout}"))? };
    let v: Value = serde_json::from_str(&stdout[start..]).map_err(|e| format!("bad JSON ({e}):\n{stdout}"))?;
    let pkgs = v["plan"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| Ours {
            cpv: p["package"].as_str().unwrap().to_string(),
            repo: p["repository"].as_str().unwrap().to_string(),
            slot: p["slot"].as_str().unwrap_or("").to_string(),
            use_on: p["use"].as_array().unwrap().iter().map(|f| f.as_str().unwrap().to_string()).collect(),
            deps: p["deps"].as_array().unwrap().iter().map(|d| (d["kind"].as_str().unwrap().to_string(), d["package"].as_str().unwrap().to_string())).collect(),
            served: p["deps"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|d| d["served_by"].is_string())
                .map(|d| (d["kind"].as_str().unwrap().to_string(), d["package"].as_str().unwrap().to_string()))
                .collect(),
            root: p["root"].as_str().unwrap().to_string(),
            loop_breaker: p["break_dep_loop"].as_bool().unwrap(),
        })
        .collect();
    Ok(OurPlan { pkgs, stdout: stdout[..start].to_string(), stderr })
}

/// A copy of the board's `emerge-<board>` wrapper and its environment as our last run left
/// them, after checking the environment names every overlay.
fn snapshot_emerge(board: &str, overlays: &[&Path], dir: &Path) -> Result<PathBuf, String> {
    snapshot_emerge_in(board, overlays, dir, None)
}

/// [`snapshot_emerge`] with another board root (ROOT and SYSROOT), e.g. one whose vdb holds
/// packages merged before.
fn snapshot_emerge_in(board: &str, overlays: &[&Path], dir: &Path, board_root: Option<&Path>) -> Result<PathBuf, String> {
    let state = repo().join("__build__/packages").join(board);
    let env = std::fs::read_to_string(state.join("env.sh")).map_err(|e| format!("no env.sh: {e}"))?;
    let wrapper = std::fs::read_to_string(state.join("bin").join(format!("emerge-{board}"))).map_err(|e| format!("no emerge wrapper: {e}"))?;
    for o in overlays {
        let loc = format!("location = {}", o.canonicalize().unwrap().display());
        if !env.contains(&loc) {
            return Err(format!("{} does not name {} (another build_packages run changed it)", state.join("env.sh").display(), o.display()));
        }
    }
    let env_copy = dir.join(format!("env-{board}.sh"));
    let env = match board_root {
        Some(r) => {
            let ours = state.join("root").display().to_string();
            assert!(env.contains(&format!("export ROOT='{ours}'")), "env.sh names another ROOT:\n{env}");
            env.replace(&format!("'{ours}'"), &format!("'{}'", r.display()))
        }
        None => env,
    };
    std::fs::write(&env_copy, &env).unwrap();
    let w = wrapper.replace(&state.join("env.sh").display().to_string(), &env_copy.display().to_string());
    assert_ne!(w, wrapper, "the wrapper does not source env.sh:\n{wrapper}");
    let p = dir.join(format!("emerge-{board}"));
    std::fs::write(&p, w).unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o755)).unwrap();
    Ok(p)
}

/// What [`plan_both`] found.
struct Both {
    ours: Result<OurPlan, String>,
    theirs: Vec<Theirs>,
    /// emerge's output.
    emerge: String,
    t_ours: f64,
    t_emerge: f64,
    /// Standard output and error of every run of ours (there are more when retried).
    all_ours: String,
}

/// Our plan, then Portage's on the same configuration (retrying when another run
/// rewrote the wrapper in between).
fn plan_both(board: &str, overlays: &[&Path], targets: &[&str], dir: &Path) -> Both {
    plan_both_with(board, overlays, &[], targets, dir)
}

/// [`plan_both`] with more `build_packages` arguments.
fn plan_both_with(board: &str, overlays: &[&Path], extra: &[&str], targets: &[&str], dir: &Path) -> Both {
    plan_both_in(board, overlays, extra, targets, dir, None)
}

/// [`plan_both_with`], emerge with another board root (`board_root`: ROOT and SYSROOT).
fn plan_both_in(board: &str, overlays: &[&Path], extra: &[&str], targets: &[&str], dir: &Path, board_root: Option<&Path>) -> Both {
    let mut all_ours = String::new();
    for attempt in 0.. {
        let t = Instant::now();
        let ours = run_ours_with(board, overlays, extra, targets);
        let t_ours = t.elapsed().as_secs_f64();
        match &ours {
            Ok(o) => all_ours.push_str(&format!("{}{}", o.stdout, o.stderr)),
            Err(e) => all_ours.push_str(e),
        }
        let emerge = match snapshot_emerge_in(board, overlays, dir, board_root) {
            Ok(e) => e,
            Err(e) if attempt < 3 => {
                eprintln!("retrying: {e}");
                continue;
            }
            Err(e) => panic!("{e}"),
        };
        let t = Instant::now();
        let o = std::process::Command::new(&emerge).args(["--pretend", "--emptytree", "--verbose", "--color=n"]).args(targets).output().unwrap();
        let t_emerge = t.elapsed().as_secs_f64();
        let out = text(&o);
        assert!(o.status.success(), "{} --pretend --emptytree {targets:?} failed:\n{out}", emerge.display());
        let theirs = parse_emerge(&out);
        assert!(!theirs.is_empty(), "no [ebuild] lines from emerge:\n{out}");
        return Both { ours, theirs, emerge: out, t_ours, t_emerge, all_ours };
    }
    unreachable!()
}

/// Parses `[ebuild  N     ] cat/pf[:SLOT[/SUB]]::repo[ to /root/] [USE="a -b (c) d*"] [VAR="…"] N KiB`.
fn parse_emerge(out: &str) -> Vec<Theirs> {
    let mut v = Vec::new();
    for line in out.lines() {
        let l = line.trim_start();
        if !(l.starts_with("[ebuild") || l.starts_with("[binary")) {
            continue;
        }
        let rest = l[l.find(']').unwrap() + 1..].trim_start();
        let (atom, tail) = rest.split_once(' ').unwrap_or((rest, ""));
        let (left, repo) = atom.split_once("::").unwrap_or_else(|| panic!("no ::repo in {line:?}"));
        let (cpv, slot) = match left.split_once(':') {
            Some((c, s)) => (c, Some(s.to_string())),
            None => (left, None),
        };
        let tail = tail.trim_start();
        let (root, tail) = match tail.strip_prefix("to ") {
            Some(t) => {
                let (r, t) = t.split_once(' ').unwrap_or((t, ""));
                (r.to_string(), t)
            }
            None => ("/".to_string(), tail),
        };
        // NAME="flags" groups
        let mut use_on = BTreeSet::new();
        let mut t = tail;
        while let Some(eq) = t.find("=\"") {
            let name = t[..eq].rsplit(' ').next().unwrap_or("");
            let after = &t[eq + 2..];
            let end = after.find('"').unwrap_or(after.len());
            for f in after[..end].split_whitespace() {
                let f = f.trim_matches(|c| matches!(c, '(' | ')' | '{' | '}')).trim_end_matches(['*', '%']);
                let f = f.trim_matches(|c| matches!(c, '(' | ')' | '{' | '}'));
                if f.starts_with('-') {
                    continue;
                }
                use_on.insert(if name == "USE" { f.to_string() } else { format!("{}_{f}", name.to_lowercase()) });
            }
            t = &after[(end + 1).min(after.len())..];
        }
        v.push(Theirs { cpv: cpv.to_string(), repo: repo.to_string(), slot, root, use_on, line: line.to_string() });
    }
    v
}

/// IUSE flag names of `cat/pf` in the repository at `dir` (from its md5-cache).
fn iuse(dir: &Path, cpv: &str) -> BTreeSet<String> {
    let f = dir.join("metadata/md5-cache").join(cpv);
    let t = std::fs::read_to_string(&f).unwrap_or_else(|e| panic!("{}: {e}", f.display()));
    t.lines().find_map(|l| l.strip_prefix("IUSE=")).unwrap_or("").split_whitespace().map(|f| f.trim_start_matches(['+', '-']).to_string()).collect()
}

/// Every difference between our plan and Portage's; also prints a short report.
fn compare(label: &str, ours: &OurPlan, theirs: &[Theirs], repos: &BTreeMap<String, PathBuf>) -> Vec<String> {
    let hidden: Vec<String> = HIDDEN_PREFIXES.iter().map(|p| p.to_string()).collect();
    compare_hiding(label, ours, theirs, repos, &hidden, &BTreeSet::new())
}

/// [`compare`] with the flag prefixes of the USE_EXPAND variables Portage does not show
/// (its USE_EXPAND_HIDDEN, lower-cased, with `_`), and the `cat/pn`s installed in the board
/// root (Portage may merge a package before a dependency one of them satisfies).
fn compare_hiding(label: &str, ours: &OurPlan, theirs: &[Theirs], repos: &BTreeMap<String, PathBuf>, hidden: &[String], installed: &BTreeSet<String>) -> Vec<String> {
    let mut bad = Vec::new();
    let mut notes = Vec::new();
    // the board root: where Portage merges everything but BDEPEND subtrees
    let board_root = theirs.iter().map(|t| t.root.clone()).find(|r| r != "/").unwrap_or_else(|| "/".into());

    // 1. the same packages, from the same repositories, in the same root (BROOT is
    // Portage's "/"): one line per package, as `only-portage`, `only-railyard` or
    // `version differs`
    let root_of = |portage_root: &str| if portage_root == "/" && board_root != "/" { "BROOT".to_string() } else { "ROOT".to_string() };
    let our_set: BTreeSet<(String, String, String)> = ours.pkgs.iter().map(|p| (p.cpv.clone(), p.repo.clone(), p.root.clone())).collect();
    let their_set: BTreeSet<(String, String, String)> = theirs.iter().map(|t| (t.cpv.clone(), t.repo.clone(), root_of(&t.root))).collect();
    let cp = |cpv: &str| railyard_packages::atom::split_cpv(cpv).map(|(c, p, _)| format!("{c}/{p}")).unwrap_or_else(|_| cpv.to_string());
    let only_ours: Vec<&(String, String, String)> = our_set.difference(&their_set).collect();
    let only_theirs: Vec<&(String, String, String)> = their_set.difference(&our_set).collect();
    for (c, r, root) in &only_ours {
        match only_theirs.iter().find(|(tc, _, troot)| cp(tc) == cp(c) && troot == root) {
            Some((tc, tr, _)) => bad.push(format!("version differs: {c}::{r} in Railyard's plan, {tc}::{tr} in Portage's ({root})")),
            None => bad.push(format!("only-railyard: {c}::{r} ({root})")),
        }
    }
    for (c, r, root) in &only_theirs {
        if !only_ours.iter().any(|(oc, _, oroot)| cp(oc) == cp(c) && oroot == root) {
            bad.push(format!("only-portage: {c}::{r} ({root})"));
        }
    }

    // 2. slots and the enabled IUSE flags
    for t in theirs {
        let Some(o) = ours.get_in(&t.cpv, &t.root) else { continue };
        let our_slot_shown = if o.slot == "0" || o.slot == "0/0" { None } else { Some(o.slot.clone()) };
        if our_slot_shown != t.slot {
            bad.push(format!("{}: slot {:?} in our plan, {:?} in Portage's: {}", t.cpv, o.slot, t.slot, t.line));
        }
        let names = iuse(&repos[&o.repo], &t.cpv);
        let keep = |f: &String| names.contains(f) && !hidden.iter().any(|p| f.starts_with(p.as_str()));
        let a: BTreeSet<String> = o.use_on.iter().filter(|f| keep(f)).cloned().collect();
        let b: BTreeSet<String> = t.use_on.iter().filter(|f| keep(f)).cloned().collect();
        if a != b {
            let plus: Vec<&String> = a.difference(&b).collect();
            let minus: Vec<&String> = b.difference(&a).collect();
            bad.push(format!("USE differs: {} (root {}): on only in Railyard's {plus:?}, on only in Portage's {minus:?}: {}", t.cpv, t.root, t.line));
        }
    }

    // 3. Portage's merge order respects our edges
    let mut pos: BTreeMap<(String, String), usize> = BTreeMap::new();
    for (k, t) in theirs.iter().enumerate() {
        pos.entry((t.cpv.clone(), t.root.clone())).or_insert(k);
    }
    let mut host_choices = Vec::new();
    for o in &ours.pkgs {
        for (k, t) in theirs.iter().enumerate().filter(|(_, t)| t.cpv == o.cpv && root_of(&t.root) == o.root) {
            for (kind, d) in &o.deps {
                if !matches!(kind.as_str(), "DEPEND" | "BDEPEND" | "RDEPEND") {
                    continue;
                }
                let target_root = if matches!(kind.as_str(), "BDEPEND" | "IDEPEND") { "/".to_string() } else { t.root.clone() };
                let satisfied = target_root == board_root && installed.contains(&cp_of(d));
                match pos.get(&(d.clone(), target_root.clone())) {
                    Some(&dp) if dp < k || satisfied => {}
                    Some(&dp) => bad.push(format!("Portage merges {} (root {}) at #{k} before its {kind} {d} (#{dp})", o.cpv, t.root)),
                    None if t.root == board_root && kind != "BDEPEND" => {
                        bad.push(format!("{} {kind} {d} in our plan, but Portage did not merge {d} into {}", o.cpv, t.root))
                    }
                    // In the build host's root Portage resolves `||` groups against what is
                    // in *that* root; our plan has one root (BDEPEND packages come from the SDK).
                    None => host_choices.push(format!("{} (root {}) {kind} {d}: Portage chose another `||` alternative in root {target_root}", o.cpv, t.root)),
                }
            }
        }
    }

    // 4. our order respects our edges
    let our_pos: BTreeMap<(&str, &str), usize> = ours.pkgs.iter().enumerate().map(|(i, p)| ((p.cpv.as_str(), p.root.as_str()), i)).collect();
    for (i, o) in ours.pkgs.iter().enumerate() {
        for (kind, d) in &o.deps {
            let droot = if kind == "BDEPEND" { "BROOT" } else { o.root.as_str() };
            if matches!(kind.as_str(), "DEPEND" | "BDEPEND" | "RDEPEND") && !o.served.contains(&(kind.clone(), d.clone())) && our_pos.get(&(d.as_str(), droot)).is_none_or(|&j| j >= i) {
                bad.push(format!("our plan builds {} (#{i}) before its {kind} {d}", o.cpv));
            }
        }
    }

    // 5. identical orders?
    let mut seq: Vec<&str> = Vec::new();
    for t in theirs {
        if !seq.contains(&t.cpv.as_str()) {
            seq.push(&t.cpv);
        }
    }
    let our_seq: Vec<&str> = ours.pkgs.iter().map(|p| p.cpv.as_str()).collect();
    let same_prefix = seq.iter().zip(&our_seq).take_while(|(a, b)| a == b).count();
    let host = theirs.iter().filter(|t| t.root == "/" && board_root != "/").count();
    notes.push(format!(
        "{label}: {} packages planned by us, {} [ebuild] lines from Portage ({host} into the build host's root /); orders {} (first {same_prefix} equal)",
        ours.pkgs.len(),
        theirs.len(),
        if seq == our_seq { "IDENTICAL" } else { "differ" },
    ));
    if !host_choices.is_empty() {
        notes.push(format!("{label}: {} edges whose `||` alternative Portage resolved differently in root / (not errors), e.g. {}", host_choices.len(), host_choices[0]));
    }
    for n in &notes {
        eprintln!("{n}");
    }
    bad
}

fn fail_report(label: &str, bad: &[String]) -> String {
    let shown: Vec<&str> = bad.iter().take(40).map(String::as_str).collect();
    format!("{label}: {} difference(s) between our plan and Portage's:\n  {}{}", bad.len(), shown.join("\n  "), if bad.len() > 40 { "\n  …" } else { "" })
}

#[test]
fn default_boards_plan_like_portage() {
    let _g = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let dir = scratch("plan-vs-portage-boards");
    let repos: BTreeMap<String, PathBuf> = [("railyard".to_string(), repo().join("overlays/railyard"))].into();
    let mut all_bad = Vec::new();
    for board in ["amd64-usr", "arm64-usr"] {
        let Both { ours, theirs, emerge: out, t_ours, t_emerge, .. } = plan_both(board, &[], &["railyard-base/railyard"], &dir);
        let ours = ours.unwrap_or_else(|e| panic!("{board}: {e}"));
        eprintln!("{board}: our plan {t_ours:.2} s, emerge --pretend {t_emerge:.2} s");
        let bad = compare(board, &ours, &theirs, &repos);
        if !bad.is_empty() {
            all_bad.push(format!("{}\nemerge said:\n{out}", fail_report(board, &bad)));
        }
    }
    assert!(all_bad.is_empty(), "{}", all_bad.join("\n\n"));
}

/// A small overlay on the board's repository for the blocker cases.
/// A small ebuild repository `<dir>/<name>` (masters = railyard) named `repo_name`, with
/// one `<category>/<pn>-1` ebuild per `(pn, body)`.
fn small_overlay(dir: &Path, name: &str, repo_name: &str, category: &str, packages: &[(&str, &str)]) -> PathBuf {
    let ov = dir.join(name);
    let _ = std::fs::remove_dir_all(&ov);
    std::fs::create_dir_all(ov.join("metadata")).unwrap();
    std::fs::create_dir_all(ov.join("profiles")).unwrap();
    std::fs::write(ov.join("metadata/layout.conf"), "masters = railyard\nthin-manifests = true\nmanifest-hashes = BLAKE2B SHA512\ncache-formats = md5-dict\nprofile-formats = portage-2\n").unwrap();
    std::fs::write(ov.join("profiles/repo_name"), format!("{repo_name}\n")).unwrap();
    std::fs::write(ov.join("profiles/categories"), format!("{category}\n")).unwrap();
    let head = format!("EAPI=8\nDESCRIPTION=\"{name} test\"\nHOMEPAGE=\"https://example.invalid\"\nLICENSE=\"MIT\"\nSLOT=\"0\"\nKEYWORDS=\"amd64 arm64\"\nS=\"${{WORKDIR}}\"\n");
    for (pn, body) in packages {
        let d = ov.join(category).join(pn);
        std::fs::create_dir_all(&d).unwrap();
        std::fs::write(d.join(format!("{pn}-1.ebuild")), format!("{head}{body}")).unwrap();
    }
    ov
}

fn blocker_overlay(dir: &Path) -> PathBuf {
    small_overlay(
        dir,
        "blockers",
        "blocker-test",
        "vendor-block",
        &[
            // blocks tool only when tool is built with foo, or (top having bar) with bar, which
            // tool is not; and old, which is not planned
            ("top", "IUSE=\"+bar\"\nRDEPEND=\"vendor-block/tool !vendor-block/tool[foo] !!vendor-block/old !vendor-block/tool[bar?]\"\n"),
            ("tool", "IUSE=\"foo bar\"\n"),
            ("old", ""),
            // blocks tool2, which is built with foo: both are needed, a conflict
            ("top2", "RDEPEND=\"vendor-block/tool2 !vendor-block/tool2[foo]\"\n"),
            ("tool2", "IUSE=\"+foo\"\n"),
        ],
    )
}

#[test]
fn blockers_with_use_dependencies_plan_like_portage() {
    let _g = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let dir = scratch("plan-vs-portage-blockers");
    let ov = blocker_overlay(&dir);
    let repos: BTreeMap<String, PathBuf> = [("railyard".to_string(), repo().join("overlays/railyard")), ("blocker-test".to_string(), ov.clone())].into();
    // the USE-dependent blockers do not hold: both plan top, tool (and its dependencies)
    let Both { ours, theirs, emerge: out, .. } = plan_both("amd64-usr", &[&ov], &["vendor-block/top"], &dir);
    let ours = ours.unwrap_or_else(|e| panic!("{e}"));
    let bad = compare("blockers", &ours, &theirs, &repos);
    assert!(bad.is_empty(), "{}\nemerge said:\n{out}", fail_report("blockers", &bad));
    assert!(ours.pkgs.iter().any(|p| p.cpv == "vendor-block/tool-1"));
    // tool2 is built with foo: the blocker holds; we refuse naming both, and so does Portage
    let e = run_ours("amd64-usr", &[&ov], &["vendor-block/top2"]).err().expect("a plan despite an active blocker");
    assert!(e.contains("vendor-block/top2-1 blocks vendor-block/tool2-1"), "{e}");
    let emerge = snapshot_emerge("amd64-usr", &[&ov], &dir).unwrap();
    let o = std::process::Command::new(&emerge).args(["--pretend", "--emptytree", "--color=n", "vendor-block/top2"]).output().unwrap();
    assert!(text(&o).contains("blocks") && text(&o).contains("vendor-block/tool2"), "Portage did not report the blocker:\n{}", text(&o));
}

/// Issue 21, ROOT vs BROOT: a board package's build tool (BDEPEND) that needs that package
/// at run time under the board profile's USE (`static` here) is planned for the build
/// host's root with the build host's profile, as Portage plans it (`emerge-$BOARD
/// --with-bdeps y`, Flatcar's way): no cycle, and the same packages in the same roots as
/// emerge, IDEPEND included.
#[test]
fn build_tools_are_planned_for_the_build_hosts_root_like_portage() {
    let _g = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let dir = scratch("plan-vs-portage-broot");
    let ov = small_overlay(
        &dir,
        "broot",
        "broot-test",
        "vendor-broot",
        &[
            ("xz", "BDEPEND=\"vendor-broot/elt\"\n"),
            ("elt", "IUSE=\"static\"\nRDEPEND=\"static? ( vendor-broot/xz )\"\n"),
            ("top", "RDEPEND=\"vendor-broot/xz\"\nDEPEND=\"vendor-broot/lib\"\nIDEPEND=\"vendor-broot/inst\"\n"),
            ("lib", ""),
            ("inst", ""),
        ],
    );
    // a vendor build-host profile (as Flatcar's coreos/amd64/sdk): Railyard's host profile
    // with USE=static
    std::fs::create_dir_all(ov.join("profiles/host-static")).unwrap();
    std::fs::write(ov.join("profiles/host-static/parent"), format!("railyard:host/{}\n", if cfg!(target_arch = "aarch64") { "arm64" } else { "amd64" })).unwrap();
    std::fs::write(ov.join("profiles/host-static/make.defaults"), "USE=\"static\"\n").unwrap();
    let repos: BTreeMap<String, PathBuf> = [("railyard".to_string(), repo().join("overlays/railyard")), ("broot-test".to_string(), ov.clone())].into();
    let Both { ours, theirs, emerge: out, .. } = plan_both("amd64-usr", &[&ov], &["vendor-broot/top"], &dir);
    let ours = ours.unwrap_or_else(|e| panic!("{e}"));
    let bad = compare("broot", &ours, &theirs, &repos);
    assert!(bad.is_empty(), "{}\nemerge said:\n{out}", fail_report("broot", &bad));
    let roots = |cpv: &str| -> Vec<&str> { ours.pkgs.iter().filter(|p| p.cpv == cpv).map(|p| p.root.as_str()).collect() };
    assert_eq!(roots("vendor-broot/xz-1"), ["ROOT"], "xz: in the board's root only (elt in BROOT is built without static)");
    assert_eq!(roots("vendor-broot/elt-1"), ["BROOT"]);
    assert_eq!(roots("vendor-broot/inst-1"), ["BROOT"]);
    assert_eq!(roots("vendor-broot/lib-1"), ["ROOT"]);
    // emerge agrees on the roots: elt and inst only for "/", lib only for the board
    let their_roots = |cpv: &str| -> Vec<bool> { theirs.iter().filter(|t| t.cpv == cpv).map(|t| t.root == "/").collect() };
    assert_eq!(their_roots("vendor-broot/elt-1"), [true], "{out}");
    assert_eq!(their_roots("vendor-broot/lib-1"), [false], "{out}");
    assert!(ours.stderr.contains("vendor-broot/elt-1::broot-test to BROOT"), "{}", ours.stderr);

    // --host-profile: the build host's root planned with a vendor profile, by us and by
    // Portage (its `/` configuration follows, PORTAGE_OVERRIDE_EPREFIX): with static on
    // there, elt needs xz in "/" too, whose BDEPEND is elt: both report that cycle
    let host = format!("--host-profile={}", ov.join("profiles/host-static").display());
    let e = run_ours_with("amd64-usr", &[&ov], &[&host], &["vendor-broot/top"]).err().expect("a plan despite the cycle in BROOT");
    assert!(
        e.contains("dependency cycle: vendor-broot/elt-1 (BROOT) -(RDEPEND)-> vendor-broot/xz-1 (BROOT) -(BDEPEND)-> vendor-broot/elt-1 (BROOT)")
            || e.contains("dependency cycle: vendor-broot/xz-1 (BROOT) -(BDEPEND)-> vendor-broot/elt-1 (BROOT) -(RDEPEND)-> vendor-broot/xz-1 (BROOT)"),
        "{e}"
    );
    // --pretend still shows the whole plan (as emerge does), with the cycle in --json
    assert!(e.contains("vendor-broot/xz-1::broot-test to BROOT") && e.contains("\"cycle\": \"dependency cycle:"), "{e}");
    let emerge = snapshot_emerge("amd64-usr", &[&ov], &dir).unwrap();
    let o = std::process::Command::new(&emerge).args(["--pretend", "--emptytree", "--color=n", "vendor-broot/top"]).output().unwrap();
    let t = text(&o);
    assert!(!o.status.success() && t.contains("circular dependencies") && t.contains("vendor-broot/elt-1"), "Portage with the vendor host profile:\n{t}");
    assert!(std::fs::read_to_string(dir.join("env-amd64-usr.sh")).unwrap().contains("PORTAGE_OVERRIDE_EPREFIX"));
    // and without it again, no cycle
    run_ours("amd64-usr", &[&ov], &["vendor-broot/top"]).unwrap_or_else(|e| panic!("{e}"));
}

/// `--profile=` names a vendor profile (in an overlay, its parent the board's) and
/// `package.provided` in it keeps a dependency out of the plan, as in Portage.
#[test]
fn a_vendor_profile_with_package_provided_plans_like_portage() {
    let _g = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let dir = scratch("plan-vs-portage-profile");
    let ov = dir.join("vendor");
    let _ = std::fs::remove_dir_all(&ov);
    let prof = ov.join("profiles/vendor");
    for d in [ov.join("metadata"), prof.clone()] {
        std::fs::create_dir_all(d).unwrap();
    }
    std::fs::write(ov.join("metadata/layout.conf"), "masters = railyard\nthin-manifests = true\ncache-formats = md5-dict\nprofile-formats = portage-2\n").unwrap();
    std::fs::write(ov.join("profiles/repo_name"), "vendor-test\n").unwrap();
    std::fs::write(ov.join("profiles/categories"), "vendor-prov\n").unwrap();
    // package.provided is allowed in profiles of EAPI 6 or older only (Portage ignores it in
    // newer ones, with a warning, and so do we)
    std::fs::write(prof.join("eapi"), "6\n").unwrap();
    let board_profile = repo().join("board-configs/amd64-usr/portage").canonicalize().unwrap();
    std::fs::write(prof.join("parent"), format!("{}\n", board_profile.display())).unwrap();
    std::fs::write(prof.join("package.provided"), "vendor-prov/dep-2\n").unwrap();
    std::fs::write(prof.join("package.use"), "vendor-prov/app extra\n").unwrap();
    let head = "EAPI=8\nDESCRIPTION=\"profile test\"\nHOMEPAGE=\"https://example.invalid\"\nLICENSE=\"MIT\"\nSLOT=\"0\"\nKEYWORDS=\"amd64 arm64\"\nS=\"${WORKDIR}\"\n";
    // the profile refuses interactive ebuilds and fetch restrictions on top of make.globals'
    // "*": version 3 of `prop` and of `restr` is masked, both planners take version 1
    std::fs::write(prof.join("make.defaults"), "ACCEPT_PROPERTIES=\"-interactive\"\nACCEPT_RESTRICT=\"-fetch\"\n").unwrap();
    let app = "IUSE=\"extra\"\nRDEPEND=\">=vendor-prov/dep-1 extra? ( vendor-prov/more ) vendor-prov/prop vendor-prov/restr\"\n";
    for (pn, body, v3) in [
        ("app", app, ""),
        ("dep", "", ""),
        ("more", "RDEPEND=\">=vendor-prov/dep-3\"\n", ""),
        ("prop", "PROPERTIES=\"live? ( live )\"\nIUSE=\"live\"\n", "PROPERTIES=\"interactive\"\n"),
        ("restr", "RESTRICT=\"mirror\"\n", "RESTRICT=\"fetch\"\n"),
    ] {
        let d = ov.join("vendor-prov").join(pn);
        std::fs::create_dir_all(&d).unwrap();
        for v in ["1", "3"] {
            let extra = if v == "3" { v3 } else { "" };
            std::fs::write(d.join(format!("{pn}-{v}.ebuild")), format!("{head}{body}{extra}")).unwrap();
        }
    }
    let repos: BTreeMap<String, PathBuf> = [("railyard".to_string(), repo().join("overlays/railyard")), ("vendor-test".to_string(), ov.clone())].into();
    let flag = format!("--profile={}", prof.display());
    let Both { ours, theirs, emerge: out, .. } = plan_both_with("amd64-usr", &[&ov], &[&flag], &["vendor-prov/app"], &dir);
    let ours = ours.unwrap_or_else(|e| panic!("{e}"));
    let bad = compare("vendor profile", &ours, &theirs, &repos);
    assert!(bad.is_empty(), "{}\nemerge said:\n{out}", fail_report("vendor profile", &bad));
    // the profile's package.use reached app; dep-2 is provided for >=dep-1 but not for
    // more's >=dep-3, which pulls dep-3 in
    let cpvs: Vec<&str> = ours.pkgs.iter().map(|p| p.cpv.as_str()).collect();
    assert!(cpvs.contains(&"vendor-prov/more-3") && cpvs.contains(&"vendor-prov/dep-3"), "{cpvs:?}");
    let app = ours.pkgs.iter().find(|p| p.cpv == "vendor-prov/app-3").unwrap();
    assert!(app.use_on.contains("extra"), "{:?}", app.use_on);
    assert!(!app.deps.iter().any(|d| d.1 == "vendor-prov/dep-3"), "app's >=dep-1 is provided: {:?}", app.deps);
    assert!(cpvs.contains(&"vendor-prov/prop-1") && cpvs.contains(&"vendor-prov/restr-1"), "ACCEPT_PROPERTIES/ACCEPT_RESTRICT mask version 3: {cpvs:?}");
    // a profile directory that does not exist is refused by name
    let e = run_ours_with("amd64-usr", &[&ov], &["--profile=/nonexistent/profile"], &["vendor-prov/app"]).err().unwrap();
    assert!(e.contains("/nonexistent/profile"), "{e}");
}

/// `md5sum` of many files: path → hex.
fn md5_all(files: &[PathBuf]) -> BTreeMap<PathBuf, String> {
    let mut m = BTreeMap::new();
    for chunk in files.chunks(500) {
        let args: Vec<&str> = chunk.iter().map(|p| p.to_str().unwrap()).collect();
        let o = tool("md5sum", &args);
        assert!(o.status.success(), "{}", text(&o));
        for l in String::from_utf8_lossy(&o.stdout).lines() {
            let (h, p) = l.split_once("  ").unwrap();
            m.insert(PathBuf::from(p), h.to_string());
        }
    }
    m
}

/// Every md5-cache entry of the repository at `dir` matches its ebuild and eclasses.
fn check_md5_cache(dir: &Path, eclass_dirs: &[PathBuf]) -> Vec<String> {
    let mut bad = Vec::new();
    let mut ebuilds = Vec::new();
    for cat in std::fs::read_to_string(dir.join("profiles/categories")).unwrap().lines().filter(|l| !l.is_empty()) {
        let Ok(rd) = std::fs::read_dir(dir.join(cat)) else { continue };
        for pkg in rd.flatten() {
            for f in std::fs::read_dir(pkg.path()).unwrap().flatten() {
                if f.path().extension().is_some_and(|x| x == "ebuild") {
                    ebuilds.push((cat.to_string(), f.path()));
                }
            }
        }
    }
    let mut eclasses: BTreeMap<String, PathBuf> = BTreeMap::new();
    for d in eclass_dirs {
        for e in std::fs::read_dir(d).into_iter().flatten().flatten() {
            if let Some(n) = e.file_name().to_string_lossy().strip_suffix(".eclass") {
                eclasses.insert(n.to_string(), e.path());
            }
        }
    }
    let mut files: Vec<PathBuf> = ebuilds.iter().map(|(_, p)| p.clone()).collect();
    files.extend(eclasses.values().cloned());
    let md5 = md5_all(&files);
    for (cat, e) in &ebuilds {
        let pf = e.file_stem().unwrap().to_string_lossy();
        let entry = dir.join("metadata/md5-cache").join(cat).join(&*pf);
        let Ok(t) = std::fs::read_to_string(&entry) else {
            bad.push(format!("no md5-cache entry {} for {}", entry.display(), e.display()));
            continue;
        };
        let get = |k: &str| t.lines().find_map(|l| l.strip_prefix(k).and_then(|r| r.strip_prefix('='))).unwrap_or("").to_string();
        if get("_md5_") != md5[e] {
            bad.push(format!("{}: _md5_={} but the ebuild's md5 is {}", entry.display(), get("_md5_"), md5[e]));
        }
        if get("EAPI") != "8" {
            bad.push(format!("{}: EAPI={:?}", entry.display(), get("EAPI")));
        }
        let ecl: Vec<String> = get("_eclasses_").split_whitespace().map(str::to_string).collect();
        for c in ecl.chunks(2) {
            match eclasses.get(&c[0]) {
                Some(p) if c.get(1) == Some(&md5[p]) => {}
                Some(p) => bad.push(format!("{}: eclass {} recorded as {:?}, file md5 {}", entry.display(), c[0], c.get(1), md5[p])),
                None => bad.push(format!("{}: unknown eclass {}", entry.display(), c[0])),
            }
        }
    }
    assert!(ebuilds.len() > 100, "only {} ebuilds found in {}", ebuilds.len(), dir.display());
    bad
}

#[test]
fn synthetic_repository_plans_like_portage() {
    let _g = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let t0 = Instant::now();
    let work = scratch("plan-vs-portage-synthetic");
    let dir = work.join("synthetic");
    // No BDEPEND: by design Railyard plans BDEPEND packages in the board's graph (host
    // tools come from the SDK), where Portage resolves them into the build host's root —
    // an `||` group can then legitimately be decided differently (README, "Packages").
    let mut opts = synthrepo::Options { bdepend: false, ..Default::default() };
    for f in std::env::var("SYNTHREPO_WITHOUT").unwrap_or_default().split(',').filter(|f| !f.is_empty()) {
        match f {
            "use_dep_defaults" => opts.use_dep_defaults = false,
            "bdepend" => opts.bdepend = false,
            "any_of_both_available" => opts.any_of_both_available = false,
            "multi_slot" => opts.multi_slot = false,
            "any_of_sibling" => opts.any_of_sibling = false,
            o => panic!("SYNTHREPO_WITHOUT: unknown construct {o:?}"),
        }
    }
    let summary = synthrepo::generate_with(&dir, PACKAGES, SEED, &opts).unwrap();
    eprintln!(
        "generated {} packages with {opts:?} ({} ebuilds, {} categories, {} eclasses, {} leaves of {}) in {:.2} s",
        summary.packages,
        summary.ebuilds,
        summary.categories.len(),
        summary.eclasses.len(),
        summary.leaves.len(),
        summary.target,
        t0.elapsed().as_secs_f64()
    );
    let mut bad: Vec<String> = Vec::new();
    let repos: BTreeMap<String, PathBuf> = [("railyard".to_string(), repo().join("overlays/railyard")), (synthrepo::REPO_NAME.to_string(), dir.clone())].into();

    // first run: no md5-cache yet, so our tool runs egencache into the overlay
    let Both { ours, theirs, emerge: out, t_ours, t_emerge, all_ours } = plan_both("amd64-usr", &[&dir], &[synthrepo::TARGET], &work);
    eprintln!("first plan (with egencache) {t_ours:.1} s, emerge --pretend --emptytree {t_emerge:.1} s");
    assert!(
        all_ours.contains("metadata regenerated with egencache for: synthetic") || all_ours.contains("metadata of repository synthetic is stale: running egencache"),
        "the fresh overlay's metadata was not generated:\n{all_ours}"
    );
    if let Err(e) = &ours {
        bad.push(format!("our plan failed where Portage's succeeded: {e}"));
    }

    // the md5-cache egencache wrote
    let md5_bad = check_md5_cache(&dir, &[dir.join("eclass"), repo().join("overlays/railyard/eclass")]);
    bad.extend(md5_bad);

    // the generator's own answer: Portage must agree with it (else the generator is wrong)
    let their_set: BTreeSet<&str> = theirs.iter().map(|t| t.cpv.as_str()).collect();
    let expected: BTreeSet<&str> = summary.expected.keys().map(String::as_str).collect();
    assert_eq!(
        their_set.iter().filter(|c| !expected.contains(*c)).collect::<Vec<_>>(),
        Vec::<&&str>::new(),
        "generator bug: Portage pulls in packages the generator did not expect"
    );
    assert_eq!(expected.iter().filter(|c| !their_set.contains(*c)).collect::<Vec<_>>(), Vec::<&&str>::new(), "generator bug: Portage does not pull in these packages");
    for t in &theirs {
        if let Some(want) = summary.expected.get(&t.cpv) {
            assert_eq!(&t.use_on, want, "generator bug: Portage's USE of {} differs from the IUSE defaults: {}", t.cpv, t.line);
        }
    }

    if let Ok(ours) = &ours {
        bad.extend(compare("synthetic", ours, &theirs, &repos));

        // second run: the metadata is up to date, and the plan is the same
        let t = Instant::now();
        match run_ours("amd64-usr", &[&dir], &[synthrepo::TARGET]) {
            Ok(again) => {
                eprintln!("second plan {:.2} s", t.elapsed().as_secs_f64());
                if again.stdout.contains("metadata regenerated") || again.stderr.contains("is stale") {
                    bad.push(format!("the second run regenerated metadata:\n{}{}", again.stdout, again.stderr));
                }
                let a: Vec<(&str, &BTreeSet<String>)> = ours.pkgs.iter().map(|p| (p.cpv.as_str(), &p.use_on)).collect();
                let b: Vec<(&str, &BTreeSet<String>)> = again.pkgs.iter().map(|p| (p.cpv.as_str(), &p.use_on)).collect();
                if a != b {
                    bad.push("the second run planned differently".into());
                }
            }
            Err(e) => bad.push(format!("second run: {e}")),
        }
    }
    eprintln!("synthetic test: {:.1} s", t0.elapsed().as_secs_f64());
    if !bad.is_empty() {
        let tail: Vec<&str> = out.lines().filter(|l| l.contains("Total:")).collect();
        panic!("{}\n(emerge: {})", fail_report("synthetic", &bad), tail.join(" "));
    }
}

/// A variable of the board's Portage configuration as our last run left it (`portageq
/// envvar` through the copied wrapper environment of [`snapshot_emerge`]).
fn portage_var(emerge_copy: &Path, var: &str) -> String {
    let w = std::fs::read_to_string(emerge_copy).unwrap();
    // the wrapper ends `exec '<prefix>/bin/emerge' "$@"`: the same environment, portageq
    let q = w.replace("/bin/emerge'", "/bin/portageq'").replace("\nexec ", "\nexport EPREFIX=\nexec ");
    assert_ne!(q, w, "{w}");
    let o = std::process::Command::new("sh").args(["-c", &q, "portageq", "envvar", var]).output().unwrap();
    assert!(o.status.success(), "portageq envvar {var}: {}", text(&o));
    String::from_utf8_lossy(&o.stdout).trim().to_string()
}

/// Flatcar's package loops, and the flags its `build_packages` clears to build them first
/// (`break_dep_loop` in flatcar/scripts' build_packages): package and flags.
const FLATCAR_BREAK_DEP_LOOP: [(&str, &str); 8] = [
    ("sys-apps/util-linux", "cryptsetup pam systemd udev"),
    ("sys-fs/cryptsetup", "udev"),
    ("sys-fs/lvm2", "systemd udev"),
    ("sys-apps/systemd", "audit cryptsetup pam selinux tpm"),
    ("net-misc/curl", "http2"),
    ("net-libs/nghttp2", "systemd"),
    ("sys-libs/pam", "audit systemd"),
    ("sys-auth/pambase", "sssd systemd"),
];

/// Issue 21 on a real tree: the pinned, pruned snapshot of Flatcar's `portage-stable` and
/// `coreos-overlay` (tests/data/flatcar, see its SOURCE; regenerated by
/// tools/flatcar-snapshot), board profile `coreos/amd64/generic`, build host
/// `coreos/amd64/sdk`.
///
/// 1. From an empty board root Flatcar's graph has dependency loops (util-linux ↔
///    cryptsetup ↔ systemd …): for `coreos-base/coreos`, `sys-apps/systemd` and
///    `sys-kernel/coreos-kernel` both Portage and we refuse with a cycle through
///    sys-apps/util-linux, and `--pretend` still prints our plan, with a reason per package.
/// 2. Flatcar builds the board in two steps: first the loop packages with some flags
///    cleared (`break_dep_loop`), into a board root that then breaks the loops. With the
///    build host's root holding the SDK (its packages as `package.provided` of an SDK
///    profile below `coreos/amd64/sdk`: what our plan builds for BROOT) and Flatcar's
///    flags, the first step — the 8 loop packages, and `sys-apps/systemd` alone — is
///    planned by Portage and by us with zero differences: same packages, versions,
///    repositories, roots, slots and USE flags (USE_EXPAND_HIDDEN as Portage reads it).
/// 3. Flatcar's second step — the full flags, against a board root holding the first
///    step — planned by us with `--break-dep-loop` (both steps in one plan; a loop is
///    broken where a first-step package satisfies a dependency, as Portage ignores a
///    satisfied dependency) and by Portage with the first step in ROOT's vdb: zero
///    differences for `coreos-base/coreos`, `sys-apps/systemd` and `sys-kernel/coreos-kernel`.
/// 4. A broken ebuild added to a copy of the tree (the newest systemd, inheriting an
///    eclass that does not exist) is masked with a warning naming it; the rest plans.
#[test]
fn flatcar_tree_plans_like_portage() {
    let _g = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let snap = repo().join("tests/data/flatcar");
    assert!(snap.join("SOURCE").is_file(), "{} is missing (tools/flatcar-snapshot writes it)", snap.display());
    let dir = scratch("plan-vs-portage-flatcar");
    // a copy: the metadata cache is written into the repositories
    let tree = dir.join("tree");
    let _ = std::fs::remove_dir_all(&tree);
    let st = std::process::Command::new("cp").arg("-a").arg(&snap).arg(&tree).status().unwrap();
    assert!(st.success());
    let (ps, co) = (tree.join("portage-stable"), tree.join("coreos-overlay"));
    let overlays = [ps.as_path(), co.as_path()];
    let profiles = co.join("profiles/coreos/amd64");
    let repos: BTreeMap<String, PathBuf> = [("portage-stable".to_string(), ps.clone()), ("coreos-overlay".to_string(), co.clone())].into();
    let generic = format!("--profile={}", profiles.join("generic").display());
    let sdk = format!("--host-profile={}", profiles.join("sdk").display());

    // 1. From empty roots: a plan with reasons, then a cycle. What it builds for BROOT is
    // what the SDK holds, for the rest of the test.
    let mut broot: BTreeSet<String> = BTreeSet::new();
    for target in ["coreos-base/coreos", "sys-apps/systemd", "sys-kernel/coreos-kernel"] {
        let e = run_ours_with("amd64-usr", &overlays, &[&generic, &sdk], &[target]).err().unwrap_or_else(|| panic!("{target}: planned without a cycle"));
        let v = json_before_failure(target, &e);
        let plan = v["plan"].as_array().unwrap();
        // (a package already in the store has nothing to build, and no reason)
        assert!(
            plan.len() > 100 && plan.iter().all(|p| p["action"] == "stored" || !p["reason"].as_str().unwrap_or("").is_empty()),
            "{target}: {} packages, each to build with a reason",
            plan.len()
        );
        assert!(v["cycle"].as_str().is_some_and(|c| c.starts_with("dependency cycle: ")), "{target}: {}", v["cycle"]);
        broot.extend(plan.iter().filter(|p| p["root"] == "BROOT").map(|p| p["package"].as_str().unwrap().to_string()));
    }
    let host = dir.join("profiles/sdk-installed");
    let board = dir.join("profiles/break-dep-loop");
    for d in [&host, &board] {
        let _ = std::fs::remove_dir_all(d);
        std::fs::create_dir_all(d).unwrap();
    }
    // package.provided: EAPI 6 or older
    std::fs::write(host.join("eapi"), "5\n").unwrap();
    std::fs::write(host.join("parent"), format!("{}\n", profiles.join("sdk").display())).unwrap();
    std::fs::write(host.join("package.provided"), broot.iter().map(|p| format!("{p}\n")).collect::<String>()).unwrap();
    let sdk_installed = format!("--host-profile={}", host.display());
    // with the SDK in "/", both refuse the board's targets with a loop through util-linux
    for target in ["coreos-base/coreos", "sys-apps/systemd", "sys-kernel/coreos-kernel"] {
        let e = run_ours_with("amd64-usr", &overlays, &[&generic, &sdk_installed], &[target]).err().unwrap_or_else(|| panic!("{target}: planned without a cycle"));
        let v = json_before_failure(target, &e);
        assert!(v["plan"].as_array().unwrap().iter().all(|p| p["root"] == "ROOT"), "{target}: the SDK holds every build tool");
        assert!(v["cycle"].as_str().is_some_and(|c| c.contains("sys-apps/util-linux-") && !c.contains("BROOT")), "{target}: {}", v["cycle"]);
        let emerge = snapshot_emerge("amd64-usr", &overlays, &dir).unwrap();
        let o = std::process::Command::new(&emerge).args(["--pretend", "--emptytree", "--color=n", target]).output().unwrap();
        let t = text(&o);
        assert!(!o.status.success() && t.contains("circular dependencies") && t.contains("sys-apps/util-linux-"), "Portage on {target}:\n{t}");
    }

    // 2. Flatcar's first step
    std::fs::write(board.join("parent"), format!("{}\n", profiles.join("generic").display())).unwrap();
    let flags: String = FLATCAR_BREAK_DEP_LOOP.iter().map(|(p, f)| format!("{p} {}\n", f.split(' ').map(|x| format!("-{x}")).collect::<Vec<_>>().join(" "))).collect();
    std::fs::write(board.join("package.use"), flags).unwrap();
    let step1 = format!("--profile={}", board.display());
    let loops: Vec<&str> = FLATCAR_BREAK_DEP_LOOP.iter().map(|(p, _)| *p).collect();
    let mut all_bad = Vec::new();
    let mut first_step = None;
    for (label, targets) in [("break_dep_loop", loops.clone()), ("systemd", vec!["sys-apps/systemd"])] {
        let Both { ours, theirs, emerge: out, t_ours, t_emerge, .. } = plan_both_with("amd64-usr", &overlays, &[&step1, &sdk_installed], &targets, &dir);
        let ours = ours.unwrap_or_else(|e| panic!("{label}: {e}"));
        let hidden: Vec<String> = portage_var(&dir.join("emerge-amd64-usr"), "USE_EXPAND_HIDDEN").split_whitespace().map(|v| format!("{}_", v.to_lowercase())).collect();
        eprintln!("flatcar {label}: our plan {t_ours:.2} s, emerge --pretend {t_emerge:.2} s; hidden {hidden:?}");
        assert!(ours.pkgs.len() > 100 && ours.pkgs.iter().all(|p| p.root == "ROOT"), "{label}: the SDK holds every build tool: {} packages", ours.pkgs.len());
        for (p, f) in FLATCAR_BREAK_DEP_LOOP.iter().filter(|(p, _)| label != "systemd" || *p == "sys-apps/systemd") {
            let pkg = ours.pkgs.iter().find(|x| x.cpv.starts_with(&format!("{p}-"))).unwrap_or_else(|| panic!("{label}: {p} not planned"));
            assert!(f.split(' ').all(|x| !pkg.use_on.contains(x)), "{label}: {p} built with some of {f}: {:?}", pkg.use_on);
        }
        let bad = compare_hiding(&format!("flatcar {label}"), &ours, &theirs, &repos, &hidden, &BTreeSet::new());
        if !bad.is_empty() {
            all_bad.push(format!("{}\nemerge said:\n{out}", fail_report(label, &bad)));
        }
        if label == "break_dep_loop" {
            first_step = Some((ours, hidden));
        }
    }
    assert!(all_bad.is_empty(), "{}", all_bad.join("\n\n"));

    // 3. Flatcar's second step: the full flags, against a board root that holds the first
    // step. Ours: `--break-dep-loop` plans both steps in one run. Portage's: the first
    // step's packages installed in ROOT (a vdb written from that plan, as emerge would
    // leave it), then `--emptytree` (a full rebuild, as our plan lists every package).
    let (first, hidden) = first_step.unwrap();
    let vdb_root = dir.join("board-root");
    write_vdb(&vdb_root, &first.pkgs, &repos);
    let loop_flags: Vec<String> = FLATCAR_BREAK_DEP_LOOP.iter().map(|(p, f)| format!("--break-dep-loop={p}:{}", f.replace(' ', ","))).collect();
    let mut args: Vec<&str> = vec![&generic, &sdk_installed];
    args.extend(loop_flags.iter().map(String::as_str));
    for target in ["coreos-base/coreos", "sys-apps/systemd", "sys-kernel/coreos-kernel"] {
        let Both { ours, theirs, emerge: out, t_ours, t_emerge, .. } = plan_both_in("amd64-usr", &overlays, &args, &[target], &dir, Some(&vdb_root));
        let mut ours = ours.unwrap_or_else(|e| panic!("{target}, second step: {e}"));
        eprintln!("flatcar second step {target}: our plan {t_ours:.2} s, emerge --pretend {t_emerge:.2} s");
        // our first step is in the plan too, what differs from the second step marked so
        let first_only: Vec<&Ours> = ours.pkgs.iter().filter(|p| p.loop_breaker).collect();
        assert!(
            FLATCAR_BREAK_DEP_LOOP.iter().any(|(p, _)| first_only.iter().any(|o| o.cpv.starts_with(&format!("{p}-")))),
            "{target}: no first-step package in the plan: {first_only:?}"
        );
        assert!(first_only.iter().all(|o| first.pkgs.iter().any(|f| f.cpv == o.cpv && f.use_on == o.use_on)), "{target}: first-step packages differ from the first step's plan");
        ours.pkgs.retain(|p| !p.loop_breaker);
        assert!(ours.pkgs.len() > 150 && ours.pkgs.iter().any(|p| p.cpv.starts_with(&format!("{target}-"))), "{target}: {} packages", ours.pkgs.len());
        let installed: BTreeSet<String> = first.pkgs.iter().filter(|p| p.root == "ROOT").map(|p| cp_of(&p.cpv)).collect();
        // every edge we broke is one the board root satisfies
        for o in &ours.pkgs {
            assert!(o.served.iter().all(|(_, d)| installed.contains(&cp_of(d))), "{target}: {} has a dependency served by a package not in the first step: {:?}", o.cpv, o.served);
        }
        let bad = compare_hiding(&format!("flatcar second step {target}"), &ours, &theirs, &repos, &hidden, &installed);
        if !bad.is_empty() {
            all_bad.push(format!("{}\nemerge said:\n{out}", fail_report(target, &bad)));
        }
    }
    assert!(all_bad.is_empty(), "{}", all_bad.join("\n\n"));

    // 4. one ebuild that cannot be sourced
    let sd = ps.join("sys-apps/systemd");
    std::fs::write(sd.join("systemd-999.ebuild"), "EAPI=8\ninherit no-such-eclass\nDESCRIPTION=\"broken\"\nSLOT=\"0/2\"\nKEYWORDS=\"amd64 arm64\"\nLICENSE=\"GPL-2\"\n").unwrap();
    let ours = run_ours_with("amd64-usr", &overlays, &[&step1, &sdk_installed], &["sys-apps/systemd"]).unwrap_or_else(|e| panic!("with a broken ebuild: {e}"));
    assert!(ours.stderr.contains("systemd-999.ebuild") && ours.stderr.contains("warning"), "{}", ours.stderr);
    assert!(ours.pkgs.iter().any(|p| p.cpv.starts_with("sys-apps/systemd-2")) && !ours.pkgs.iter().any(|p| p.cpv == "sys-apps/systemd-999"));
}

/// `cat/pn` of `cat/pn-pvr`.
fn cp_of(cpv: &str) -> String {
    let (cat, pf) = cpv.split_once('/').unwrap();
    let (pn, _) = railyard_packages::atom::split_pv(pf).unwrap();
    format!("{cat}/{pn}")
}

/// A Portage vdb (`var/db/pkg`) under `root` holding `pkgs` (the board root's packages of a
/// plan) as emerge would have merged them: each package's metadata from its repository's
/// md5-cache, its USE (with the amd64 profile's implicit flags), a COUNTER in plan order,
/// no files.
fn write_vdb(root: &Path, pkgs: &[Ours], repos: &BTreeMap<String, PathBuf>) {
    let _ = std::fs::remove_dir_all(root);
    for (n, p) in pkgs.iter().filter(|p| p.root == "ROOT").enumerate() {
        let cache = repos[&p.repo].join("metadata/md5-cache").join(&p.cpv);
        let meta: BTreeMap<String, String> = std::fs::read_to_string(&cache)
            .unwrap_or_else(|e| panic!("{}: {e}", cache.display()))
            .lines()
            .filter_map(|l| l.split_once('='))
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        let (cat, pf) = p.cpv.split_once('/').unwrap();
        let d = root.join("var/db/pkg").join(cat).join(pf);
        std::fs::create_dir_all(&d).unwrap();
        let mut use_on: Vec<String> = p.use_on.iter().cloned().collect();
        use_on.extend(["amd64", "elibc_glibc", "kernel_linux"].map(String::from));
        let mut files: BTreeMap<&str, String> = BTreeMap::new();
        for k in ["SLOT", "EAPI", "KEYWORDS", "IUSE", "DEPEND", "RDEPEND", "BDEPEND", "PDEPEND", "IDEPEND", "LICENSE", "RESTRICT", "PROPERTIES", "DEFINED_PHASES", "REQUIRED_USE"] {
            files.insert(k, meta.get(k).cloned().unwrap_or_default());
        }
        files.insert("CATEGORY", cat.to_string());
        files.insert("PF", pf.to_string());
        files.insert("USE", use_on.join(" "));
        files.insert("repository", p.repo.clone());
        files.insert("COUNTER", (n + 1).to_string());
        files.insert("CONTENTS", String::new());
        files.insert("BUILD_TIME", "1".into());
        files.insert("SIZE", "0".into());
        for (k, v) in files {
            std::fs::write(d.join(k), if v.is_empty() { v } else { format!("{v}\n") }).unwrap();
        }
    }
}

/// The `--json` plan our `--pretend` printed before it failed (`e`: [`run_ours_with`]'s error).
fn json_before_failure(what: &str, e: &str) -> Value {
    let start = e.find("\n{\n").unwrap_or_else(|| panic!("{what}: no JSON plan:\n{e}"));
    let end = e[start..].find("\n}\n").map(|i| start + i + 3).unwrap_or_else(|| panic!("{what}: JSON not closed"));
    serde_json::from_str(&e[start + 1..end]).unwrap_or_else(|x| panic!("{what}: {x}"))
}

/// Issue 21, item 5: real upstream ebuilds from Flatcar's tree, built from source with their
/// real eclasses by `./build_packages`, board profile `coreos/amd64/generic`:
/// - `dev-libs/lzo-2.10`: autotools through `econf` (`dot-a`, `multilib-minimal`,
///   `usr-ldscript`, `flag-o-matic`, `toolchain-funcs`);
/// - `dev-libs/inih-59`: meson (`meson-multilib`, `meson`, `ninja-utils`), with the meson
///   and ninja `setup_host` installs beside Portage (the eclass needs meson ≥ 1.2.3, Debian 12
///   has 1.0.1) and Railyard's `meson-format-array`; the build host's profile is Flatcar's
///   SDK profile plus what our SDK provides (`package.provided`, so BDEPEND is not planned).
/// Their distfiles are the upstream tarballs, which Debian ships unchanged as `.orig`
/// tarballs: taken from the Debian archive apt is configured with (Portage checks them
/// against the tree's Manifests). Each builds, a rebuild is byte-identical (the build
/// directory does not leak into debug information or build-ids), and Portage's own `emerge
/// --usepkgonly` installs the gpkg into a throwaway root.
#[test]
fn flatcar_ebuilds_build_from_source_reproducibly() {
    let _g = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let snap = repo().join("tests/data/flatcar");
    let dir = scratch("flatcar-from-source");
    let tree = dir.join("tree");
    let _ = std::fs::remove_dir_all(&tree);
    assert!(std::process::Command::new("cp").arg("-a").arg(&snap).arg(&tree).status().unwrap().success());
    let (ps, co) = (tree.join("portage-stable"), tree.join("coreos-overlay"));
    let profiles = co.join("profiles/coreos/amd64");
    lzo_distfile();
    gflags_distfile();
    debian_distfile("inih-59.tar.gz", "pool/main/libi/libinih/libinih_59.orig.tar.gz");
    // the build host: Flatcar's SDK profile and the tools our SDK has (EAPI 5: package.provided)
    let host = dir.join("sdk-tools");
    let meson = tool(&repo().join("__build__/portage/bin/meson").display().to_string(), &["--version"]);
    let meson = text(&meson).trim().to_string();
    assert!(meson.starts_with("1."), "meson beside Portage (./setup_host): {meson}");
    let cmake = tool(&repo().join("__build__/portage/bin/cmake").display().to_string(), &["--version"]);
    let cmake = text(&cmake).split_whitespace().nth(2).unwrap_or_default().to_string();
    assert_eq!(cmake, railyard_container::sdkimage::CMAKE_VERSION, "cmake beside Portage (./setup_host)");
    sdk_tools_profile(&host, &profiles.join("sdk").display().to_string(), &meson, &cmake);
    let build = |pn: &str, atom: &str, cpv: &str| -> (String, String) {
        let o = railyard()
            .args(["build_packages", "--board=amd64-usr", "--json"])
            .arg(format!("--overlay={}", ps.display()))
            .arg(format!("--overlay={}", co.display()))
            .arg(format!("--profile={}", profiles.join("generic").display()))
            .arg(format!("--host-profile={}", host.display()))
            .arg(format!("--rebuild={pn}"))
            .arg(atom)
            .output()
            .unwrap();
        assert!(o.status.success(), "build_packages {atom}: {}", text(&o));
        let v: Value = serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}: {}", text(&o)));
        let plan = v["plan"].as_array().unwrap();
        assert_eq!(plan.len(), 1, "{atom} alone (its build tools are the SDK's): {plan:?}");
        let b = v["built"].as_array().unwrap();
        assert_eq!(b.len(), 1, "built: {b:?}");
        assert_eq!(b[0]["status"], "built", "{}", text(&o));
        assert_eq!(b[0]["cpv"], cpv);
        (b[0]["hash"].as_str().unwrap().to_string(), b[0]["sha256"].as_str().unwrap().to_string())
    };
    let state = repo().join("__build__/packages/amd64-usr");
    for (pn, atom, cpv, lib, marker) in [
        ("dev-libs/lzo", "dev-libs/lzo", "dev-libs/lzo-2.10", "usr/lib64/liblzo2.so.2.0.0", "checking for"),
        ("dev-libs/inih", "=dev-libs/inih-59", "dev-libs/inih-59", "usr/lib64/libinih.so.0", "The Meson build system"),
        // cmake.eclass points the compiler at the build root (CMAKE_SYSROOT)
        ("dev-cpp/gflags", "=dev-cpp/gflags-2.2.2-r1", "dev-cpp/gflags-2.2.2-r1", "usr/lib64/libgflags.so.2.2.2", "Check size of uint32_t - done"),
    ] {
        let (hash, first) = build(pn, atom, cpv);
        let log = std::fs::read_to_string(state.join("logs").join(format!("{cpv}.log"))).unwrap();
        assert!(log.contains(marker), "{cpv}: no {marker:?} in its log:\n{}", &log[..log.len().min(3000)]);
        let (hash2, second) = build(pn, atom, cpv);
        assert_eq!(hash, hash2);
        assert_eq!(first, second, "a rebuild of {cpv} is byte-identical");

        // Portage's emerge --usepkgonly into a throwaway root, with the board's configuration
        let gpkg = state.join("store").join(&hash[..2]).join(format!("{hash}.gpkg.tar"));
        let (pkgdir, root) = (dir.join("pkgdir"), dir.join("root"));
        for d in [&pkgdir, &root] {
            let _ = std::fs::remove_dir_all(d);
        }
        let (cat, pf) = cpv.split_once('/').unwrap();
        std::fs::create_dir_all(pkgdir.join(cat)).unwrap();
        std::fs::create_dir_all(&root).unwrap();
        std::fs::copy(&gpkg, pkgdir.join(cat).join(format!("{pf}.gpkg.tar"))).unwrap();
        let emerge = snapshot_emerge("amd64-usr", &[&ps, &co], &dir).unwrap();
        let w = std::fs::read_to_string(&emerge).unwrap();
        let bin = w.split("exec '").nth(1).and_then(|s| s.split('\'').next()).unwrap().to_string();
        let emaint = Path::new(&bin).with_file_name("emaint");
        let script = w.replacen(
            "\nexec ",
            &format!("\nexport PKGDIR='{p}' ROOT='{r}' SYSROOT='{r}'\n'{e}' binhost --fix >/dev/null || exit 1\nexec ", p = pkgdir.display(), r = root.display(), e = emaint.display()),
            1,
        );
        let o = std::process::Command::new("sh").args(["-c", &script, "emerge", "--usepkgonly", "--oneshot", "--nodeps", &format!("={cpv}")]).output().unwrap();
        assert!(o.status.success(), "emerge --usepkgonly {cpv}: {}", text(&o));
        let lib = root.join(lib);
        assert!(lib.is_file(), "{} installed by Portage: {}", lib.display(), text(&o));
        assert!(root.join("var/db/pkg").join(cpv).join("CONTENTS").is_file());
        let f = std::process::Command::new("file").arg("-L").arg(&lib).output().unwrap();
        assert!(text(&f).contains("ELF 64-bit") && text(&f).contains("shared object"), "{}", text(&f));
    }
}
