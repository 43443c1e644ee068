//! `build_packages`: the plan, the store, rebuild rules, errors, reproducibility, vendor
//! overlays, and the cross-checks against Portage's own resolver and metadata cache.

mod common;

use common::*;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Output;
use std::time::Instant;

/// A throw-away ebuild repository (a vendor overlay on top of `railyard`).
struct Overlay {
    dir: PathBuf,
}

impl Overlay {
    fn new(dir: &Path, name: &str) -> Self {
        let _ = std::fs::remove_dir_all(dir);
        std::fs::create_dir_all(dir.join("metadata")).unwrap();
        std::fs::create_dir_all(dir.join("profiles")).unwrap();
        std::fs::write(
            dir.join("metadata/layout.conf"),
            "masters = railyard\nthin-manifests = true\nmanifest-hashes = BLAKE2B SHA512\ncache-formats = md5-dict\n",
        )
        .unwrap();
        std::fs::write(dir.join("profiles/repo_name"), format!("{name}\n")).unwrap();
        std::fs::write(dir.join("profiles/categories"), "vendor-base\nrailyard-base\n").unwrap();
        Self { dir: dir.to_path_buf() }
    }

    /// Writes `cat/pn/pn-ver.ebuild` with the usual header and `body`.
    fn ebuild(&self, cpv: &str, body: &str) -> PathBuf {
        let (cat, pf) = cpv.split_once('/').unwrap();
        let pn = pf.rsplit_once('-').unwrap().0;
        let d = self.dir.join(cat).join(pn);
        std::fs::create_dir_all(&d).unwrap();
        let f = d.join(format!("{pf}.ebuild"));
        let nonce = nonce();
        std::fs::write(
            &f,
            format!(
                "# Test package (run {nonce}: unique, so the content-addressed store has never seen it).\nEAPI=8\nDESCRIPTION=\"test package {pf}\"\nHOMEPAGE=\"https://example.invalid\"\nLICENSE=\"MIT\"\nSLOT=\"0\"\nS=\"${{WORKDIR}}\"\n{body}\n"
            ),
        )
        .unwrap();
        f
    }

    /// A package that installs one file `/usr/share/<path>` with `content`.
    fn simple(&self, cpv: &str, extra: &str, path: &str, content: &str) -> PathBuf {
        self.ebuild(
            cpv,
            &format!(
                "KEYWORDS=\"amd64 arm64\"\n{extra}\nsrc_install() {{\n\tmkdir -p \"${{ED}}/usr/share/$(dirname {path})\"\n\techo '{content}' > \"${{ED}}/usr/share/{path}\"\n}}\n"
            ),
        )
    }
}

/// Different in every test process.
fn nonce() -> String {
    static N: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    N.get_or_init(|| {
        let t = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap();
        format!("{}-{}", std::process::id(), t.as_nanos())
    })
    .clone()
}

fn bp(args: &[&str]) -> Output {
    railyard().arg("build_packages").args(args).output().unwrap()
}

fn bp_json(args: &[&str]) -> Value {
    let o = railyard().arg("build_packages").arg("--json").args(args).output().unwrap();
    assert!(o.status.success(), "build_packages {args:?} failed:\n{}", text(&o));
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("no JSON ({e}):\n{}", text(&o)))
}

fn built(v: &Value) -> Vec<String> {
    let mut b: Vec<String> = v["built"].as_array().unwrap().iter().filter(|o| o["status"] == "built").map(|o| o["cpv"].as_str().unwrap().to_string()).collect();
    b.sort();
    b
}

fn planned(v: &Value) -> Vec<(String, String, Option<String>)> {
    v["plan"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["package"].as_str().unwrap().to_string(), p["action"].as_str().unwrap().to_string(), p["reason"].as_str().map(str::to_string)))
        .collect()
}

fn store_dir(board: &str) -> PathBuf {
    repo().join("__build__/packages").join(board).join("store")
}

fn store_path(board: &str, hash: &str) -> PathBuf {
    store_dir(board).join(&hash[..2]).join(format!("{hash}.gpkg.tar"))
}

fn hash_of(v: &Value, cpv: &str) -> String {
    v["plan"].as_array().unwrap().iter().find(|p| p["package"] == cpv).unwrap_or_else(|| panic!("{cpv} not planned"))["input_hash"].as_str().unwrap().to_string()
}

#[test]
fn noop_builds_nothing_and_an_edit_rebuilds_exactly_the_package_and_its_dependants() {
    let w = scratch("rebuild");
    let ov = Overlay::new(&w.join("vendor"), "vendor-rebuild");
    ov.simple("vendor-base/rb-lib-1", "", "rb/lib", "lib v1");
    ov.simple("vendor-base/rb-app-1", "DEPEND=\"vendor-base/rb-lib\"\nRDEPEND=\"${DEPEND}\"", "rb/app", "app");
    ov.simple("vendor-base/rb-tool-1", "RDEPEND=\"vendor-base/rb-app\"", "rb/tool", "tool");
    ov.simple("vendor-base/rb-other-1", "", "rb/other", "other");
    let o = format!("--overlay={}", ov.dir.display());
    let targets = ["vendor-base/rb-tool", "vendor-base/rb-other"];
    let args: Vec<&str> = [o.as_str()].into_iter().chain(targets).collect();

    let first = bp_json(&args);
    assert_eq!(built(&first), ["vendor-base/rb-app-1", "vendor-base/rb-lib-1", "vendor-base/rb-other-1", "vendor-base/rb-tool-1"]);
    for p in planned(&first) {
        // "new", or (when an earlier test run built these names) what differs from that build
        let r = p.2.clone().unwrap_or_default();
        assert!(r == "new" || r.contains("ebuild changed"), "{p:?}");
    }

    // Nothing changed: nothing is built. (Its speed is a benchmark, `./bench packages`, not
    // an assertion here: the time is printed for the log only.)
    let mut best = f64::MAX;
    for _ in 0..3 {
        let t = Instant::now();
        let v = bp_json(&args);
        best = best.min(t.elapsed().as_secs_f64());
        assert!(built(&v).is_empty(), "a no-op run built {:?}", built(&v));
    }
    eprintln!("no-op build_packages: best of 3 {best:.2} s");

    // A new mtime alone is not a change (inputs are content, not time stamps).
    let lib = ov.dir.join("vendor-base/rb-lib/rb-lib-1.ebuild");
    let f = std::fs::File::options().append(true).open(&lib).unwrap();
    f.set_modified(std::time::SystemTime::now() + std::time::Duration::from_secs(5)).unwrap();
    assert!(built(&bp_json(&args)).is_empty());

    // Editing the library's ebuild rebuilds it and what depends on it, and says why.
    std::fs::write(&lib, std::fs::read_to_string(&lib).unwrap().replace("lib v1", "lib v2")).unwrap();
    let pre = railyard().args(["build_packages", "--pretend", &o]).args(targets).output().unwrap();
    assert!(pre.status.success(), "{}", text(&pre));
    let plan_text = String::from_utf8_lossy(&pre.stdout).into_owned();
    assert!(plan_text.contains("[build ] vendor-base/rb-lib-1::vendor-rebuild  (ebuild changed)"), "{plan_text}");
    assert!(plan_text.contains("[build ] vendor-base/rb-app-1::vendor-rebuild  (dependency rebuilt: vendor-base/rb-lib)"), "{plan_text}");
    assert!(plan_text.contains("[build ] vendor-base/rb-tool-1::vendor-rebuild  (dependency rebuilt: vendor-base/rb-app)"), "{plan_text}");
    assert!(plan_text.contains("[stored] vendor-base/rb-other-1::vendor-rebuild"), "{plan_text}");
    assert!(plan_text.contains("3 to build"), "{plan_text}");
    let second = bp_json(&args);
    assert_eq!(built(&second), ["vendor-base/rb-app-1", "vendor-base/rb-lib-1", "vendor-base/rb-tool-1"]);
    // The new library is what the store holds now.
    let gp = store_path("amd64-usr", &hash_of(&second, "vendor-base/rb-lib-1"));
    let raw = std::fs::read(&gp).unwrap();
    assert!(raw.windows(8).any(|w| w == b"gpkg-1\0\0") || raw.windows(6).any(|w| w == b"gpkg-1"), "{} is not a gpkg", gp.display());
}

#[test]
fn bad_inputs_name_the_package_and_the_cause_and_store_nothing() {
    let w = scratch("errors");
    let dist = w.join("dist");
    std::fs::create_dir_all(&dist).unwrap();

    let check = |name: &str, setup: &dyn Fn(&Overlay), target: &str, expect: &[&str]| {
        let ov = Overlay::new(&w.join(name), &format!("vendor-{name}"));
        ov.simple("vendor-base/ok-1", "", "ok", "ok");
        setup(&ov);
        let o = bp(&[&format!("--overlay={}", ov.dir.display()), target]);
        let t = text(&o);
        assert!(!o.status.success(), "{name}: build_packages succeeded:\n{t}");
        for e in expect {
            assert!(t.contains(e), "{name}: error does not mention {e:?}:\n{t}");
        }
        t
    };

    // 1. A distfile whose digest does not match the Manifest.
    std::fs::write(dist.join("payload-1.tar"), b"the real payload\n").unwrap();
    check(
        "digest",
        &|ov| {
            let f = ov.simple("vendor-base/digest-1", &format!("SRC_URI=\"file://{}/payload-1.tar\"\nsrc_unpack() {{ :; }}", dist.display()), "d", "d");
            let zeros = "0".repeat(128);
            std::fs::write(f.parent().unwrap().join("Manifest"), format!("DIST payload-1.tar 17 BLAKE2B {zeros} SHA512 {zeros}\n")).unwrap();
        },
        "vendor-base/digest",
        &["vendor-base/digest-1", "payload-1.tar", "BLAKE2B digest mismatch", "Manifest"],
    );
    assert!(!repo().join("__build__/distfiles/payload-1.tar").exists(), "a distfile that failed verification was kept");

    // 2. An ebuild with a shell syntax error: it alone is masked, with a warning naming it
    // and the cause (the rest of its repository plans and builds, as in Portage); asked
    // for, it fails with the same words.
    check(
        "syntax",
        &|ov| {
            ov.ebuild("vendor-base/broken-1", "KEYWORDS=\"amd64\"\nsrc_install() {\n\tif true; then\n}\n");
        },
        "vendor-base/broken",
        &["broken-1.ebuild", "syntax error", "masked"],
    );
    let o = bp(&["--pretend", &format!("--overlay={}", w.join("syntax").display()), "vendor-base/ok"]);
    let t = text(&o);
    assert!(o.status.success(), "one broken ebuild stopped the whole repository:\n{t}");
    assert!(t.contains("warning:") && t.contains("broken-1.ebuild") && t.contains("syntax error"), "{t}");
    // nothing changed since: egencache is not run again for it, the warning stays
    assert!(t.contains("egencache not run again") && !t.contains("running egencache"), "{t}");
    // once the ebuild is fixed, egencache runs and it plans
    let eb = w.join("syntax/vendor-base/broken/broken-1.ebuild");
    let fixed = std::fs::read_to_string(&eb).unwrap().replace("\tif true; then\n}", "\tif true; then :; fi\n}");
    std::fs::write(&eb, fixed).unwrap();
    let o = bp(&["--pretend", &format!("--overlay={}", w.join("syntax").display()), "vendor-base/broken"]);
    let t = text(&o);
    assert!(o.status.success() && t.contains("running egencache") && t.contains("vendor-base/broken-1") && !t.contains("warning:"), "{t}");

    // 3. A dependency nothing provides.
    check(
        "unsat",
        &|ov| {
            ov.simple("vendor-base/needy-1", "RDEPEND=\">=vendor-base/ok-2\"", "n", "n");
        },
        "vendor-base/needy",
        &["unsatisfiable dependency >=vendor-base/ok-2", "available: vendor-base/ok-1::vendor-unsat", "vendor-base/needy-1"],
    );

    // 4. A package only keyworded for testing.
    check(
        "keyword",
        &|ov| {
            ov.ebuild("vendor-base/testing-1", "KEYWORDS=\"~amd64 ~arm64\"\n");
        },
        "vendor-base/testing",
        &["vendor-base/testing-1::vendor-keyword", "masked by: ~amd64 keyword", "package.accept_keywords"],
    );

    // 5. Two packages shipping the same file, both needed to build a third.
    let t = check(
        "collision",
        &|ov| {
            ov.simple("vendor-base/one-1", "", "same/file", "one");
            ov.simple("vendor-base/two-1", "", "same/file", "two");
            ov.simple("vendor-base/both-1", "DEPEND=\"vendor-base/one vendor-base/two\"", "both", "both");
        },
        "vendor-base/both",
        &["vendor-base/both-1", "file collision", "/usr/share/same/file", "vendor-base/one-1", "vendor-base/two-1"],
    );
    assert!(t.contains("not built"), "{t}");
    // Nothing half-built: no temporary files in the store, no package for the failures.
    for e in walk(&store_dir("amd64-usr")) {
        let n = e.file_name().unwrap().to_string_lossy().into_owned();
        assert!(!n.starts_with(".tmp-"), "leftover {}", e.display());
    }
    let idx = store_dir("amd64-usr").join("index/vendor-base");
    for bad in ["digest-1", "broken-1", "needy-1", "testing-1", "both-1"] {
        assert!(!idx.join(format!("{bad}.json")).exists(), "{bad} is in the store");
    }
}

fn walk(d: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![d.to_path_buf()];
    while let Some(p) = stack.pop() {
        if let Ok(rd) = std::fs::read_dir(&p) {
            for e in rd.flatten() {
                if e.path().is_dir() {
                    stack.push(e.path());
                } else {
                    out.push(e.path());
                }
            }
        }
    }
    out.sort();
    out
}

#[test]
fn board_packages_build_from_scratch_byte_for_byte_in_another_checkout() {
    ensure_packages("amd64-usr");
    let here = bp_json(&["--board=amd64-usr", "--pretend"]);
    // A second checkout at another path, an empty store, only the distfile cache shared.
    let w = scratch("repro");
    let clone = w.join("checkout");
    clone_repo_with_distfiles(&clone);
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_railyard"))
        .args(["build_packages", "--board=amd64-usr", "--json"])
        .env("RAILYARD_ROOT", &clone)
        .env("RAILYARD_PORTAGE", repo().join("__build__/portage"))
        .current_dir(&clone)
        .output()
        .unwrap();
    assert!(o.status.success(), "build in the second checkout failed:\n{}", text(&o));
    let there: Value = serde_json::from_slice(&o.stdout).unwrap();
    let plan = here["plan"].as_array().unwrap();
    assert_eq!(built(&there).len(), plan.len(), "the second checkout did not build everything:\n{}", text(&o));
    let mut compared = 0;
    for p in plan {
        let cpv = p["package"].as_str().unwrap();
        let h = p["input_hash"].as_str().unwrap();
        assert_eq!(hash_of(&there, cpv), h, "{cpv}: the input hash depends on the checkout's path");
        let a = store_path("amd64-usr", h);
        let b = clone.join("__build__/packages/amd64-usr/store").join(&h[..2]).join(format!("{h}.gpkg.tar"));
        assert_eq!(sha256(&a), sha256(&b), "{cpv}: binary packages differ ({} vs {})", a.display(), b.display());
        compared += 1;
    }
    assert!(compared >= 10, "only {compared} packages compared");
    let _ = std::fs::remove_dir_all(&w);
}

#[test]
fn a_vendor_overlay_adds_and_overrides_packages() {
    let _g = BOARD_STORE.lock().unwrap_or_else(|e| e.into_inner());
    ensure_packages("amd64-usr");
    let w = scratch("vendor");
    let ov = Overlay::new(&w.join("vendor"), "acme");
    ov.simple("vendor-base/acme-motd-1", "", "acme/motd", "Welcome to Acme OS");
    // The vendor's meta package: a newer railyard-base/railyard that adds theirs.
    let meta = std::fs::read_to_string(repo().join("overlays/railyard/railyard-base/railyard/railyard-0.1.ebuild")).unwrap();
    let d = ov.dir.join("railyard-base/railyard");
    std::fs::create_dir_all(&d).unwrap();
    let rdep_at = meta.find("RDEPEND=\"").expect("the meta package has an RDEPEND") + "RDEPEND=\"".len();
    let vendored = format!("{}vendor-base/acme-motd\n\t{}", &meta[..rdep_at], &meta[rdep_at..]);
    std::fs::write(d.join("railyard-0.1-r100.ebuild"), vendored).unwrap();
    let o = format!("--overlay={}", ov.dir.display());

    let v = bp_json(&["--board=amd64-usr", &o]);
    assert_eq!(built(&v), ["railyard-base/railyard-0.1-r100", "vendor-base/acme-motd-1"], "only the vendor's packages are new");
    let repos: Vec<(String, String)> = v["plan"].as_array().unwrap().iter().map(|p| (p["package"].as_str().unwrap().to_string(), p["repository"].as_str().unwrap().to_string())).collect();
    assert!(repos.contains(&("railyard-base/railyard-0.1-r100".into(), "acme".into())), "{repos:?}");
    assert!(repos.contains(&("sys-apps/busybox-1.35.0".into(), "railyard".into())), "{repos:?}");

    // build_image with the same overlay installs the vendor's package into /usr.
    let out = w.join("images");
    let b = build(&out, &["--board=amd64-usr", &o]).unwrap_or_else(|e| panic!("build_image with a vendor overlay failed:\n{e}"));
    let prefix = "railyard_production_image";
    let pk = std::fs::read_to_string(b.dir().join(format!("{prefix}_packages.txt"))).unwrap();
    assert!(pk.lines().any(|l| l == "vendor-base/acme-motd-1"), "{pk}");
    assert!(pk.lines().any(|l| l == "railyard-base/railyard-0.1-r100"), "{pk}");
    let contents = std::fs::read_to_string(b.dir().join(format!("{prefix}_contents.txt"))).unwrap();
    assert!(contents.contains("/usr/share/acme/motd"), "the vendor's file is not in the image");
    let _ = std::fs::remove_dir_all(&w);
}

/// Flatcar's `break_dep_loop`, built: `loop-a[x]` needs `loop-b` to build and `loop-b` needs
/// `loop-a`. Without a first step that is a cycle, named. With
/// `--break-dep-loop=vendor-base/loop-a:x` loop-a is built first without `x`, loop-b builds
/// against that one (its build dies unless the first-step loop-a is in its build root), and
/// loop-a is built again with `x` against loop-b (its build dies without loop-b). A re-run
/// builds nothing.
#[test]
fn a_dependency_loop_is_built_in_two_steps_with_break_dep_loop() {
    let _g = BOARD_STORE.lock().unwrap_or_else(|e| e.into_inner());
    ensure_packages("amd64-usr");
    let w = scratch("break-dep-loop");
    let ov = Overlay::new(&w.join("loops"), "loops");
    ov.ebuild(
        "vendor-base/loop-a-1",
        "KEYWORDS=\"amd64 arm64\"\nIUSE=\"+x\"\nDEPEND=\"x? ( vendor-base/loop-b )\"\nsrc_install() {\n\tmkdir -p \"${ED}/usr/share/loop-a\"\n\tif use x; then\n\t\t[[ -f ${ESYSROOT}/usr/share/loop-b/seen ]] || die \"loop-b is not in the build root\"\n\t\techo with-x > \"${ED}/usr/share/loop-a/flavour\"\n\telse\n\t\techo without-x > \"${ED}/usr/share/loop-a/flavour\"\n\tfi\n}\n",
    );
    ov.ebuild(
        "vendor-base/loop-b-1",
        "KEYWORDS=\"amd64 arm64\"\nDEPEND=\"vendor-base/loop-a\"\nsrc_install() {\n\tlocal f=\"${ESYSROOT}/usr/share/loop-a/flavour\"\n\t[[ $(<\"${f}\") == without-x ]] || die \"built against loop-a $(<\"${f}\"), not the first step's\"\n\tmkdir -p \"${ED}/usr/share/loop-b\"\n\techo seen > \"${ED}/usr/share/loop-b/seen\"\n}\n",
    );
    let o = format!("--overlay={}", ov.dir.display());
    let e = bp(&["--board=amd64-usr", &o, "vendor-base/loop-a"]);
    assert!(!e.status.success() && text(&e).contains("dependency cycle: vendor-base/loop-a-1 -(DEPEND)-> vendor-base/loop-b-1 -(DEPEND)-> vendor-base/loop-a-1"), "{}", text(&e));
    let args = ["--board=amd64-usr", &o, "--break-dep-loop=vendor-base/loop-a:x", "vendor-base/loop-a"];
    let v = bp_json(&args);
    assert_eq!(built(&v), ["vendor-base/loop-a-1", "vendor-base/loop-a-1", "vendor-base/loop-b-1"], "{v:#}");
    let plan = v["plan"].as_array().unwrap();
    let a: Vec<&Value> = plan.iter().filter(|p| p["package"] == "vendor-base/loop-a-1").collect();
    assert_eq!(a.len(), 2);
    assert!(a.iter().any(|p| p["break_dep_loop"] == true && !p["use"].as_array().unwrap().contains(&Value::from("x"))), "{a:?}");
    assert!(a.iter().any(|p| p["break_dep_loop"] == false && p["use"].as_array().unwrap().contains(&Value::from("x"))), "{a:?}");
    let b = plan.iter().find(|p| p["package"] == "vendor-base/loop-b-1").unwrap();
    assert_eq!(b["deps"][0]["served_by"], "vendor-base/loop-a-1 (break_dep_loop)", "{b}");
    let v = bp_json(&args);
    assert!(built(&v).is_empty(), "a re-run builds nothing: {v:#}");
    let _ = std::fs::remove_dir_all(&w);
}

/// Processes whose command line is exactly `args`.
fn processes_running(args: &[&str]) -> usize {
    let want: Vec<u8> = args.iter().flat_map(|a| a.bytes().chain([0u8])).collect();
    std::fs::read_dir("/proc")
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().bytes().all(|b| b.is_ascii_digit()))
        .filter(|e| std::fs::read(e.path().join("cmdline")).ok().as_deref() == Some(&want[..]))
        .count()
}

#[test]
fn ctrl_c_stops_every_build_keeps_the_store_consistent_and_a_rerun_resumes() {
    let w = scratch("interrupt");
    let marker = w.join("go-fast");
    let ov = Overlay::new(&w.join("vendor"), "vendor-interrupt");
    ov.simple("vendor-base/quick-1", "", "quick", "quick");
    ov.simple(
        "vendor-base/slow-1",
        &format!("DEPEND=\"vendor-base/quick\"\nsrc_compile() {{ [ -e '{}' ] || sleep 617; }}", marker.display()),
        "slow",
        "slow",
    );
    let o = format!("--overlay={}", ov.dir.display());
    let child = railyard().args(["build_packages", &o, "vendor-base/slow"]).stdin(std::process::Stdio::null()).stdout(std::process::Stdio::piped()).stderr(std::process::Stdio::piped()).spawn().unwrap();
    wait_for_compile("vendor-base", "slow-1");
    std::thread::sleep(std::time::Duration::from_millis(500));
    assert_eq!(processes_running(&["sleep", "617"]), 1, "the build's sleep is running");
    let k = tool("kill", &["-INT", &child.id().to_string()]);
    assert!(k.status.success());
    let out = child.wait_with_output().unwrap();
    let t = text(&out);
    assert!(!out.status.success(), "an interrupted run succeeded:\n{t}");
    assert!(t.contains("interrupted") && t.contains("run the same command again to resume"), "{t}");
    std::thread::sleep(std::time::Duration::from_millis(500));
    assert_eq!(processes_running(&["sleep", "617"]), 0, "a build process outlived the interrupt");
    // The store is consistent: quick-1 (built before) is there, slow-1 is not, no temp files.
    let idx = store_dir("amd64-usr").join("index/vendor-base");
    assert!(idx.join("quick-1.json").exists(), "quick-1 was built before the interrupt");
    let slow_hash = bp_json(&["--pretend", &o, "vendor-base/slow"]);
    let h = hash_of(&slow_hash, "vendor-base/slow-1");
    assert!(!store_path("amd64-usr", &h).exists(), "an interrupted package is in the store");
    assert!(run_dirs("vendor-base", "slow-1").is_empty(), "the interrupted build's work dir was left behind: {:?}", run_dirs("vendor-base", "slow-1"));
    // The next run resumes: only slow-1 is built.
    std::fs::write(&marker, "").unwrap();
    let v = bp_json(&[&o, "vendor-base/slow"]);
    assert_eq!(built(&v), ["vendor-base/slow-1"]);
    assert!(store_path("amd64-usr", &h).exists());
}

/// Work directories (and their locks) of runs building `cat/pf` on amd64-usr.
fn run_dirs(cat: &str, pf: &str) -> Vec<PathBuf> {
    let d = repo().join("__build__/packages/amd64-usr/work").join(cat);
    let prefix = format!("{pf}.");
    std::fs::read_dir(&d).into_iter().flatten().flatten().map(|e| e.path()).filter(|p| p.file_name().unwrap().to_string_lossy().starts_with(&prefix)).collect()
}

/// Waits until a run building `cat/pf` is in its compile phase (its own log says so),
/// ignoring the directories of earlier runs (present before the call).
fn wait_for_compile(cat: &str, pf: &str) {
    let t0 = Instant::now();
    let old = run_dirs(cat, pf);
    while !run_dirs(cat, pf).iter().filter(|d| !old.contains(d)).any(|d| std::fs::read_to_string(d.join("build.log")).unwrap_or_default().contains("Compiling source")) {
        assert!(t0.elapsed().as_secs() < 300, "{cat}/{pf} never reached its compile phase");
        std::thread::sleep(std::time::Duration::from_millis(200));
    }
}

/// Waits until `file` contains `needle` (or the process behind it has exited).
fn wait_for_text(file: &Path, needle: &str, child: &mut std::process::Child) {
    let t0 = Instant::now();
    while !std::fs::read_to_string(file).unwrap_or_default().contains(needle) {
        if let Some(st) = child.try_wait().unwrap() {
            panic!("the run exited ({st}) without saying {needle:?}:\n{}", std::fs::read_to_string(file).unwrap_or_default());
        }
        assert!(t0.elapsed().as_secs() < 300, "no {needle:?} in {}", file.display());
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
}

/// Starts run A, waits until it compiles `cpv` (in a work directory of its own, not an
/// earlier run's), then starts run B and waits until B says it waits for A.
fn builder_and_waiter(args: &[&str], cpv: &str, err: [&Path; 2], json: [&Path; 2]) -> (std::process::Child, std::process::Child) {
    let (cat, pf) = cpv.split_once('/').unwrap();
    let old = run_dirs(cat, pf);
    let mut a = spawn_bp(args, err[0], json[0]);
    let t0 = Instant::now();
    while !run_dirs(cat, pf).iter().filter(|d| !old.contains(d)).any(|d| std::fs::read_to_string(d.join("build.log")).unwrap_or_default().contains("Compiling source")) {
        assert!(a.try_wait().unwrap().is_none() && t0.elapsed().as_secs() < 300, "the first run never reached the compile phase");
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    let mut b = spawn_bp(args, err[1], json[1]);
    wait_for_text(err[1], &format!("waiting for {cpv} being built by pid {}", a.id()), &mut b);
    (a, b)
}

/// `build_packages --json ARGS` in the background, stderr to a file.
fn spawn_bp(args: &[&str], stderr: &Path, stdout: &Path) -> std::process::Child {
    railyard()
        .arg("build_packages")
        .arg("--json")
        .args(args)
        .stdin(std::process::Stdio::null())
        .stdout(std::fs::File::create(stdout).unwrap())
        .stderr(std::fs::File::create(stderr).unwrap())
        .spawn()
        .unwrap()
}

fn status_of(v: &Value, cpv: &str) -> Option<(String, Option<String>)> {
    v["built"].as_array().unwrap().iter().find(|o| o["cpv"] == cpv).map(|o| (o["status"].as_str().unwrap().to_string(), o["sha256"].as_str().map(str::to_string)))
}

/// A package whose compile phase waits for `marker` (at most a minute).
fn gated(ov: &Overlay, cpv: &str, extra: &str, marker: &Path) {
    ov.simple(cpv, &format!("{extra}\nsrc_compile() {{ for i in $(seq 600); do [ -e '{}' ] && break; sleep 0.1; done; }}", marker.display()), &format!("gated/{cpv}"), cpv);
}

#[test]
fn two_runs_at_once_build_each_package_once_and_store_what_a_run_alone_stores() {
    let w = scratch("concurrent");
    let marker = w.join("go");
    let ov = Overlay::new(&w.join("vendor"), "vendor-concurrent");
    ov.simple("vendor-base/cc-base-1", "", "cc/base", "base");
    gated(&ov, "vendor-base/cc-slow-1", "DEPEND=\"vendor-base/cc-base\"\nRDEPEND=\"${DEPEND}\"", &marker);
    let o = format!("--overlay={}", ov.dir.display());
    let args = [o.as_str(), "vendor-base/cc-slow"];
    let (e1, e2, j1, j2) = (w.join("1.err"), w.join("2.err"), w.join("1.json"), w.join("2.json"));
    let mut a = spawn_bp(&args, &e1, &j1);
    let mut b = spawn_bp(&args, &e2, &j2);
    // one of them builds cc-slow; the other must say it waits for it
    let t0 = Instant::now();
    let waiting = "waiting for vendor-base/cc-slow-1 being built by pid";
    while ![&e1, &e2].iter().any(|e| std::fs::read_to_string(e).unwrap_or_default().contains(waiting)) {
        assert!(a.try_wait().unwrap().is_none() && b.try_wait().unwrap().is_none(), "a run ended before the other waited for it");
        assert!(t0.elapsed().as_secs() < 300, "neither run waited for the other");
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    std::fs::write(&marker, "").unwrap();
    let (sa, sb) = (a.wait().unwrap(), b.wait().unwrap());
    let (ta, tb) = (std::fs::read_to_string(&e1).unwrap(), std::fs::read_to_string(&e2).unwrap());
    assert!(sa.success() && sb.success(), "a concurrent run failed:\n--- 1 ---\n{ta}\n--- 2 ---\n{tb}");
    let va: Value = serde_json::from_slice(&std::fs::read(&j1).unwrap()).unwrap();
    let vb: Value = serde_json::from_slice(&std::fs::read(&j2).unwrap()).unwrap();
    let (oa, ob) = (status_of(&va, "vendor-base/cc-slow-1").unwrap(), status_of(&vb, "vendor-base/cc-slow-1").unwrap());
    let mut statuses = [oa.0.as_str(), ob.0.as_str()];
    statuses.sort();
    assert_eq!(statuses, ["built", "reused"], "cc-slow must be built once and reused by the other run:\n{ta}\n{tb}");
    // the waiting run named the builder
    let (builder, waiter) = if oa.0 == "built" { (a.id(), tb) } else { (b.id(), ta) };
    assert!(waiter.contains(&format!("{waiting} {builder}")), "{waiter}");
    assert!(waiter.contains("reused (built by another run)"), "{waiter}");
    assert_eq!(oa.1, ob.1, "both runs report the same package digest");
    // a build done alone stores the same bytes
    let alone = bp_json(&[&o, "--rebuild=vendor-base/cc-slow", "vendor-base/cc-slow"]);
    let (st, sha) = status_of(&alone, "vendor-base/cc-slow-1").unwrap();
    assert_eq!(st, "built");
    assert_eq!(sha, oa.1, "the concurrent build differs from a build done alone");
    assert!(run_dirs("vendor-base", "cc-slow-1").is_empty() && run_dirs("vendor-base", "cc-base-1").is_empty(), "work directories left behind");
    let _ = std::fs::remove_dir_all(&w);
}

#[test]
fn a_run_killed_mid_compile_leaves_no_lock_and_the_other_run_builds_the_package() {
    let w = scratch("killed");
    let marker = w.join("go");
    let ov = Overlay::new(&w.join("vendor"), "vendor-killed");
    gated(&ov, "vendor-base/kl-slow-1", "", &marker);
    let o = format!("--overlay={}", ov.dir.display());
    let args = [o.as_str(), "vendor-base/kl-slow"];
    let (e1, e2, j1, j2) = (w.join("1.err"), w.join("2.err"), w.join("1.json"), w.join("2.json"));
    let (mut a, mut b) = builder_and_waiter(&args, "vendor-base/kl-slow-1", [&e1, &e2], [&j1, &j2]);
    // the machine loses the first run and everything it started
    assert!(tool("kill", &["-KILL", &a.id().to_string()]).status.success());
    let _ = a.wait();
    // (its Portage: the only processes naming the ebuild; the second run names only the overlay)
    let _ = tool("pkill", &["-KILL", "-f", &ov.dir.join("vendor-base/kl-slow/kl-slow-1.ebuild").display().to_string()]);
    std::fs::write(&marker, "").unwrap();
    let sb = b.wait().unwrap();
    let tb = std::fs::read_to_string(&e2).unwrap();
    assert!(sb.success(), "the surviving run failed:\n{tb}");
    let vb: Value = serde_json::from_slice(&std::fs::read(&j2).unwrap()).unwrap();
    assert_eq!(status_of(&vb, "vendor-base/kl-slow-1").map(|s| s.0).as_deref(), Some("built"), "{tb}");
    // a third run finds a good entry at once and reclaims the dead run's directory
    let o3 = railyard().args(["build_packages", "--json", &o, "vendor-base/kl-slow"]).output().unwrap();
    assert!(o3.status.success(), "{}", text(&o3));
    let v3: Value = serde_json::from_slice(&o3.stdout).unwrap();
    assert!(built(&v3).is_empty(), "the third run built {:?}", built(&v3));
    assert!(!text(&o3).contains("waiting for"), "a lock of the dead run blocked the third run:\n{}", text(&o3));
    let h = hash_of(&v3, "vendor-base/kl-slow-1");
    assert!(store_path("amd64-usr", &h).is_file());
    assert!(run_dirs("vendor-base", "kl-slow-1").is_empty(), "left behind: {:?}", run_dirs("vendor-base", "kl-slow-1"));
    let _ = std::fs::remove_dir_all(&w);
}

#[test]
fn ctrl_c_stops_a_run_waiting_for_another_runs_build() {
    let w = scratch("waitint");
    let marker = w.join("go");
    let ov = Overlay::new(&w.join("vendor"), "vendor-waitint");
    // compiles until the marker appears (at most 10 minutes)
    ov.simple("vendor-base/wi-slow-1", &format!("src_compile() {{ for i in $(seq 6000); do [ -e '{}' ] && break; sleep 0.1; done; }}", marker.display()), "wi/slow", "slow");
    let o = format!("--overlay={}", ov.dir.display());
    let args = [o.as_str(), "vendor-base/wi-slow"];
    let (e1, e2, j1, j2) = (w.join("1.err"), w.join("2.err"), w.join("1.json"), w.join("2.json"));
    let (mut a, mut b) = builder_and_waiter(&args, "vendor-base/wi-slow-1", [&e1, &e2], [&j1, &j2]);
    assert!(tool("kill", &["-INT", &b.id().to_string()]).status.success());
    // the waiting run stops while the other run's build is still held at its marker
    let t0 = Instant::now();
    let sb = loop {
        if let Some(st) = b.try_wait().unwrap() {
            break st;
        }
        if t0.elapsed().as_secs() > 300 || a.try_wait().unwrap().is_some() {
            std::fs::write(&marker, "").unwrap();
            let _ = a.wait();
            let _ = b.wait();
            panic!("the interrupted run kept waiting for the other run's build:\n{}", std::fs::read_to_string(&e2).unwrap_or_default());
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    };
    let tb = std::fs::read_to_string(&e2).unwrap();
    assert!(a.try_wait().unwrap().is_none(), "the building run ended before the waiting run stopped");
    assert!(!sb.success() && tb.contains("interrupted"), "{tb}");
    // the builder is unaffected
    std::fs::write(&marker, "").unwrap();
    let sa = a.wait().unwrap();
    let ta = std::fs::read_to_string(&e1).unwrap();
    assert!(sa.success(), "{ta}");
    let va: Value = serde_json::from_slice(&std::fs::read(&j1).unwrap()).unwrap();
    assert_eq!(status_of(&va, "vendor-base/wi-slow-1").map(|s| s.0).as_deref(), Some("built"), "{ta}");
    let _ = std::fs::remove_dir_all(&w);
}

#[test]
fn failed_builds_and_empty_products_are_never_stored() {
    let w = scratch("nostore");
    let ov = Overlay::new(&w.join("vendor"), "vendor-nostore");
    ov.simple("vendor-base/ns-fails-1", "src_compile() { die \"deliberate compile failure\"; }", "ns/fails", "x");
    ov.ebuild(
        "vendor-base/ns-empty-1",
        "KEYWORDS=\"amd64 arm64\"\ninherit railyard-nonempty\nsrc_install() {\n\tmkdir -p \"${ED}/usr/share/ns\" || die\n\t: > \"${ED}/usr/share/ns/product.img\"\n\trailyard_require_nonempty /usr/share/ns/product.img\n}\n",
    );
    let o = format!("--overlay={}", ov.dir.display());
    for (pkg, phase, why) in [("vendor-base/ns-fails-1", "compile", "deliberate compile failure"), ("vendor-base/ns-empty-1", "install", "/usr/share/ns/product.img is empty")] {
        let atom = pkg.trim_end_matches("-1");
        let out = bp(&[&o, atom]);
        let t = text(&out);
        assert!(!out.status.success(), "{pkg} was built:\n{t}");
        assert!(t.contains(&format!("{pkg} failed in the {phase} phase")), "{t}");
        assert!(t.contains(why), "{t}");
        let h = hash_of(&bp_json(&["--pretend", &o, atom]), pkg);
        assert!(!store_path("amd64-usr", &h).exists() && !store_dir("amd64-usr").join(&h[..2]).join(format!("{h}.json")).exists(), "{pkg} is in the store");
        let temps: Vec<_> = std::fs::read_dir(store_dir("amd64-usr").join(&h[..2])).into_iter().flatten().flatten().filter(|e| e.file_name().to_string_lossy().starts_with(".tmp-")).collect();
        assert!(temps.is_empty(), "temporary files left in the store: {temps:?}");
    }
    let _ = std::fs::remove_dir_all(&w);
}

/// Tests that change the board's own store entries, and those that install from them.
static BOARD_STORE: std::sync::Mutex<()> = std::sync::Mutex::new(());

#[test]
fn a_corrupt_store_entry_is_never_installed_and_is_rebuilt_to_the_same_image() {
    let _g = BOARD_STORE.lock().unwrap_or_else(|e| e.into_inner());
    let w = scratch("corrupt");
    let reference = build(&w.join("ref"), &["--board=amd64-usr"]).unwrap_or_else(|e| panic!("{e}"));
    let ref_sha = sha256(&reference.image());
    let h = hash_of(&bp_json(&["--pretend"]), "railyard-base/railyard-boot-1");
    let p = store_path("amd64-usr", &h);
    let mut bytes = std::fs::read(&p).unwrap();
    let mid = bytes.len() / 2;
    bytes[mid] ^= 0x40;
    std::fs::write(&p, &bytes).unwrap();
    let shown = p.display().to_string();

    let e = build(&w.join("bad"), &["--board=amd64-usr"]).expect_err("build_image installed a corrupt package");
    assert!(e.contains(&shown) && e.contains("corrupt") && e.contains("./build_packages --board=amd64-usr"), "{e}");
    let v = bp(&["--verify-store"]);
    assert!(!v.status.success() && text(&v).contains(&shown), "{}", text(&v));
    let n = bp(&["--no-rebuild"]);
    assert!(!n.status.success() && text(&n).contains(&shown) && text(&n).contains("--no-rebuild"), "{}", text(&n));
    assert_eq!(std::fs::read(&p).unwrap(), bytes, "--no-rebuild replaced the entry");

    let r = bp_json(&[]);
    assert_eq!(built(&r), ["railyard-base/railyard-boot-1"]);
    let reason = planned(&r).into_iter().find(|x| x.0 == "railyard-base/railyard-boot-1").unwrap().2.unwrap_or_default();
    assert!(reason.starts_with("bad store entry"), "{reason}");
    assert!(bp(&["--verify-store"]).status.success());
    let again = build(&w.join("again"), &["--board=amd64-usr"]).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(sha256(&again.image()), ref_sha, "the image from the rebuilt entry differs");
    let _ = std::fs::remove_dir_all(&w);
}

/// `railyard <args>` in another checkout (`RAILYARD_ROOT=dir`, this checkout's Portage).
fn in_checkout(dir: &Path, args: &[&str]) -> Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_railyard"))
        .args(args)
        .env("RAILYARD_ROOT", dir)
        .env("RAILYARD_PORTAGE", repo().join("__build__/portage"))
        .env("SOURCE_DATE_EPOCH", "1700000000")
        .current_dir(dir)
        .output()
        .unwrap()
}

fn json_of(o: &Output, what: &str) -> Value {
    assert!(o.status.success(), "{what} failed:\n{}", text(o));
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{what}: no JSON ({e}):\n{}", text(o)))
}

fn with_status(v: &Value, status: &str) -> Vec<String> {
    let mut b: Vec<String> = v["built"].as_array().unwrap().iter().filter(|o| o["status"] == status).map(|o| o["cpv"].as_str().unwrap().to_string()).collect();
    b.sort();
    b
}

fn files_under(d: &Path) -> usize {
    walk(d).len()
}

/// Issue 20: checkout A pushes the board's packages (signed) to a registry; checkout B (another
/// path, empty store, no distfiles) pulls every one, builds nothing, fetches nothing, and
/// makes the same image; checkout C with one ebuild changed builds exactly what changed;
/// a flipped byte, a foreign signature and a stopped registry all end in a local build of the
/// same bytes.
#[test]
fn a_binhost_in_an_oci_registry_feeds_other_checkouts_and_refuses_what_it_cannot_trust() {
    ensure_packages("amd64-usr");
    let w = scratch("binhost");
    let reg = Registry::start();
    let key = release_key("binhost");
    let foreign = release_key("binhost-foreign");
    let url = format!("127.0.0.1:{}/railyard/amd64-usr", reg.port);
    let bh = format!("--binhost={url}");
    let trust = format!("--binhost-key={}.pub", key.display());
    let here = bp_json(&["--board=amd64-usr", "--pretend"]);
    let plan: Vec<(String, String)> =
        here["plan"].as_array().unwrap().iter().map(|p| (p["package"].as_str().unwrap().to_string(), p["input_hash"].as_str().unwrap().to_string())).collect();
    let mut all: Vec<String> = plan.iter().map(|(c, _)| c.clone()).collect();
    all.sort();
    // A: push (the store is only read; no test may corrupt it meanwhile)
    {
        let _g = BOARD_STORE.lock().unwrap_or_else(|e| e.into_inner());
        let o = bp(&["--board=amd64-usr", "--json", &bh, "--binhost-push", &format!("--signing_key={}.key", key.display())]);
        let v = json_of(&o, "build_packages --binhost-push in A");
        let mut pushed: Vec<String> = v["binhost"]["pushed"].as_array().unwrap().iter().map(|c| c.as_str().unwrap().to_string()).collect();
        pushed.sort();
        assert_eq!(pushed, all, "A did not push every package:\n{}", text(&o));
    }
    let o = tool("skopeo", &["inspect", "--tls-verify=false", "--raw", &format!("docker://{url}:{}", plan[0].1)]);
    let m: Value = serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("skopeo inspect ({e}): {}", text(&o)));
    assert_eq!(m["config"]["mediaType"], "application/vnd.railyard.binpkg.record.v1+json", "{m}");
    assert_eq!(m["annotations"]["dev.railyard.cpv"], plan[0].0.as_str(), "{m}");

    // B: every package from the binhost, nothing built, no distfile fetched
    let b = w.join("b");
    clone_repo(&b);
    let o = in_checkout(&b, &["build_packages", "--board=amd64-usr", "--pretend", &bh, &trust]);
    let t = text(&o);
    assert!(o.status.success(), "{t}");
    assert_eq!(t.lines().filter(|l| l.starts_with("[binhost] ")).count(), plan.len(), "not every package is [binhost]:\n{t}");
    assert!(t.contains(&format!("0 to build, {} from the binhost", plan.len())), "{t}");
    let o = in_checkout(&b, &["build_packages", "--board=amd64-usr", "--json", &bh, &trust]);
    let v = json_of(&o, "build_packages --binhost in B");
    assert!(built(&v).is_empty(), "B built packages: {:?}\n{}", built(&v), text(&o));
    assert_eq!(with_status(&v, "pulled"), all, "B did not pull every package:\n{}", text(&o));
    assert!(!text(&o).contains(">>> fetching"), "B fetched distfiles:\n{}", text(&o));
    assert_eq!(files_under(&b.join("__build__/distfiles")), 0, "B has distfiles");
    for (cpv, h) in &plan {
        let there = b.join("__build__/packages/amd64-usr/store").join(&h[..2]).join(format!("{h}.gpkg.tar"));
        assert_eq!(sha256(&store_path("amd64-usr", h)), sha256(&there), "{cpv}: the pulled package differs from A's");
    }
    // the same image from both stores
    let img = |dir: &Path, name: &str| -> PathBuf {
        let out = w.join(format!("image-{name}"));
        let o = in_checkout(dir, &["build_image", "--board=amd64-usr", "--json", &format!("--output_root={}", out.display())]);
        PathBuf::from(json_of(&o, &format!("build_image in {name}"))["image"].as_str().unwrap())
    };
    let (ia, ib) = (img(&repo(), "a"), img(&b, "b"));
    assert_eq!(sha256(&ia), sha256(&ib), "the image built from pulled packages differs from A's ({} vs {})", ia.display(), ib.display());

    // C: one ebuild changed: exactly the packages whose input hash changed are built
    let c = w.join("c");
    clone_repo(&c);
    let eb = c.join("overlays/railyard/railyard-base/railyard-network/railyard-network-1.ebuild");
    let mut body = std::fs::read_to_string(&eb).unwrap();
    body.push_str("# changed in checkout C\n");
    std::fs::write(&eb, body).unwrap();
    let o = in_checkout(&c, &["build_packages", "--board=amd64-usr", "--json", &bh, &trust]);
    let v = json_of(&o, "build_packages --binhost in C");
    let mut changed: Vec<String> =
        v["plan"].as_array().unwrap().iter().filter(|p| plan.iter().any(|(c, h)| c == p["package"].as_str().unwrap() && h != p["input_hash"].as_str().unwrap())).map(|p| p["package"].as_str().unwrap().to_string()).collect();
    changed.sort();
    assert!(changed.contains(&"railyard-base/railyard-network-1".to_string()) && changed.len() >= 2, "the edit changed {changed:?}");
    assert_eq!(built(&v), changed, "C must build exactly the changed package and its dependants:\n{}", text(&o));
    let rest: Vec<String> = all.iter().filter(|p| !changed.contains(p)).cloned().collect();
    assert_eq!(with_status(&v, "pulled"), rest, "C must pull everything else:\n{}", text(&o));

    // hostile or absent binhost: the package is built locally, to the same bytes
    let small = "sys-apps/baselayout-railyard";
    let (scpv, shash) = plan.iter().find(|(c, _)| c.starts_with(small)).cloned().unwrap();
    let b_store = b.join("__build__/packages/amd64-usr/store");
    let local_build = |args: &[&str], expect: &str| {
        std::fs::remove_dir_all(&b_store).unwrap();
        let mut all_args = vec!["build_packages", "--board=amd64-usr", "--json", small];
        all_args.extend_from_slice(args);
        let o = in_checkout(&b, &all_args);
        let v = json_of(&o, &format!("build_packages {args:?}"));
        let t = text(&o);
        assert_eq!(built(&v), vec![scpv.clone()], "{args:?}: not built locally:\n{t}");
        assert!(t.contains(expect), "{args:?}: no warning with {expect:?}:\n{t}");
        let there = b_store.join(&shash[..2]).join(format!("{shash}.gpkg.tar"));
        assert_eq!(sha256(&store_path("amd64-usr", &shash)), sha256(&there), "{scpv}: the local build differs");
        t
    };
    // a foreign signature (the entry pushed to another repository with another key)
    let furl = format!("--binhost=127.0.0.1:{}/railyard/foreign", reg.port);
    let o = bp(&["--board=amd64-usr", small, &furl, "--binhost-push", &format!("--signing_key={}.key", foreign.display())]);
    assert!(o.status.success(), "{}", text(&o));
    let t = local_build(&[&furl, &trust], "does not verify with the trusted key");
    assert!(t.contains(&format!("refused {scpv}")), "{t}");
    // one flipped byte in the registry's copy of the package
    let rec: Value = serde_json::from_slice(&std::fs::read(store_dir("amd64-usr").join(&shash[..2]).join(format!("{shash}.json"))).unwrap()).unwrap();
    let blob = reg.blob_file(rec["sha256"].as_str().unwrap());
    let mut bytes = std::fs::read(&blob).unwrap_or_else(|e| panic!("{}: {e}", blob.display()));
    let mid = bytes.len() / 2;
    bytes[mid] ^= 0x20;
    std::fs::write(&blob, bytes).unwrap();
    let t = local_build(&[&bh, &trust], &format!("refused {scpv}"));
    assert!(t.contains(rec["sha256"].as_str().unwrap()), "the refusal does not name the digest:\n{t}");
    // the registry stopped
    drop(reg);
    local_build(&[&bh, &trust], "lookup(s) failed");
    let _ = std::fs::remove_dir_all(&w);
}

/// Issue 20: `--executor=slurm` on a one-node cluster builds the board from an empty store
/// with the local executor's input hashes and bytes, one job per package with afterok
/// edges; Ctrl-C cancels every job it submitted.
#[test]
fn the_slurm_executor_builds_what_the_local_one_builds_and_ctrl_c_cancels_its_jobs() {
    ensure_packages("amd64-usr");
    let w = scratch("slurm");
    let reg = Registry::start();
    let cluster = Slurm::start(&w.join("cluster")).expect("starting the test Slurm cluster");
    let key = release_key("slurm");
    let here = bp_json(&["--board=amd64-usr", "--pretend"]);
    let plan: Vec<(String, String)> =
        here["plan"].as_array().unwrap().iter().map(|p| (p["package"].as_str().unwrap().to_string(), p["input_hash"].as_str().unwrap().to_string())).collect();
    let mut all: Vec<String> = plan.iter().map(|(c, _)| c.clone()).collect();
    all.sort();
    let d = w.join("d");
    clone_repo_with_distfiles(&d);
    let cmd = |repo_path: &str| {
        let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_railyard"));
        c.args(["build_packages", "--board=amd64-usr", "--json", "--executor=slurm", "--slurm-partition=builders", "--binhost-push"])
            .arg(format!("--binhost=127.0.0.1:{}/{repo_path}", reg.port))
            .arg(format!("--signing_key={}.key", key.display()))
            .arg(format!("--binhost-key={}.pub", key.display()))
            .env("RAILYARD_ROOT", &d)
            .env("RAILYARD_PORTAGE", repo().join("__build__/portage"))
            .env("SLURM_CONF", cluster.conf())
            .current_dir(&d);
        c
    };
    let o = cmd("slurm/amd64-usr").output().unwrap();
    let v = json_of(&o, "build_packages --executor=slurm");
    let t = text(&o);
    assert_eq!(built(&v), all, "the Slurm run did not build every package:\n{t}");
    for (cpv, h) in &plan {
        assert_eq!(hash_of(&v, cpv), *h, "{cpv}: another input hash than the local executor's");
        let there = d.join("__build__/packages/amd64-usr/store").join(&h[..2]).join(format!("{h}.gpkg.tar"));
        assert_eq!(sha256(&store_path("amd64-usr", h)), sha256(&there), "{cpv}: the Slurm build differs from the local one");
    }
    // one job per package, afterok edges on the jobs of its build dependencies
    let jobs = v["slurm"]["jobs"].as_array().unwrap();
    assert_eq!(jobs.len(), plan.len(), "{t}");
    let id_of = |cpv: &str| jobs.iter().find(|j| j["package"] == cpv).unwrap()["job"].as_u64().unwrap();
    // what each package's build needs: its DEPEND/BDEPEND packages with their run-time closure
    let deps_of = |cpv: &str, kinds: &[&str]| -> Vec<String> {
        here["plan"].as_array().unwrap().iter().find(|p| p["package"] == cpv).unwrap()["deps"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| kinds.contains(&d["kind"].as_str().unwrap()))
            .map(|d| d["package"].as_str().unwrap().to_string())
            .collect()
    };
    let mut edges = 0;
    for j in jobs {
        let cpv = j["package"].as_str().unwrap();
        assert_eq!(j["state"], "COMPLETED", "{j}");
        let mut need: std::collections::BTreeSet<String> = std::collections::BTreeSet::new();
        let mut stack = deps_of(cpv, &["DEPEND", "BDEPEND"]);
        while let Some(p) = stack.pop() {
            if need.insert(p.clone()) {
                stack.extend(deps_of(&p, &["RDEPEND", "PDEPEND", "IDEPEND"]));
            }
        }
        need.remove(cpv);
        let want: std::collections::BTreeSet<u64> = need.iter().map(|p| id_of(p)).collect();
        let got: std::collections::BTreeSet<u64> = j["after"].as_array().unwrap().iter().map(|a| a.as_u64().unwrap()).collect();
        assert_eq!(got, want, "{cpv}: its job waits for {got:?}, its build needs the jobs of {need:?}");
        edges += got.len();
    }
    let initramfs = plan.iter().find(|(c, _)| c.starts_with("sys-kernel/railyard-initramfs")).unwrap().0.clone();
    assert!(edges > 0 && !jobs.iter().find(|j| j["package"] == initramfs.as_str()).unwrap()["after"].as_array().unwrap().is_empty(), "no dependency edges");
    let queue = v["slurm"]["queue_at_submit"].as_array().unwrap().iter().map(|l| l.as_str().unwrap().to_string()).collect::<Vec<_>>().join("\n");
    assert!(queue.contains(&format!("{}|railyard:{initramfs}|afterok:", id_of(&initramfs))), "squeue did not show the initramfs job's dependency:\n{queue}");
    // Slurm's own record of the finished jobs: one per package, each COMPLETED
    let comp = std::fs::read_to_string(cluster.dir.join("jobcomp.txt")).unwrap();
    for cpv in &all {
        let n = comp.lines().filter(|l| l.contains(&format!(" Name=railyard:{cpv} ")) && l.contains("JobState=COMPLETED")).count();
        assert_eq!(n, 1, "{cpv}: {n} completed jobs in Slurm's job record:\n{comp}");
    }

    // Ctrl-C while jobs run: every job it submitted is cancelled
    std::fs::remove_dir_all(d.join("__build__/packages/amd64-usr/store")).unwrap();
    let err = w.join("ctrl-c.err");
    let mut child = cmd("slurm/interrupted").stdout(std::process::Stdio::null()).stderr(std::fs::File::create(&err).unwrap()).spawn().unwrap();
    let t0 = Instant::now();
    while !std::fs::read_to_string(&err).unwrap_or_default().contains("(Slurm job ") {
        assert!(t0.elapsed().as_secs() < 120 && child.try_wait().unwrap().is_none(), "no job started:\n{}", std::fs::read_to_string(&err).unwrap_or_default());
        std::thread::sleep(std::time::Duration::from_millis(200));
    }
    assert!(tool("kill", &["-INT", &child.id().to_string()]).status.success());
    let st = child.wait().unwrap();
    let e = std::fs::read_to_string(&err).unwrap();
    assert!(!st.success() && e.contains("interrupted: cancelled"), "{e}");
    let t0 = Instant::now();
    loop {
        let q = cluster.client("squeue", &["-h", "-o", "%i %j %T"]).expect("squeue");
        let left = String::from_utf8_lossy(&q.stdout).into_owned();
        if left.trim().is_empty() {
            break;
        }
        assert!(t0.elapsed().as_secs() < 60, "jobs still queued or running after Ctrl-C:\n{left}");
        std::thread::sleep(std::time::Duration::from_millis(500));
    }
    drop(cluster);
    let _ = std::fs::remove_dir_all(&w);
}
