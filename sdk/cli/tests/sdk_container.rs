//! The SDK container: reproducible image, podman runs, errors with a way forward.
//! These tests use podman (installed by .ci/run); the docker paths are covered by the
//! argument-construction unit tests in sdk/container/src/engine.rs.

mod common;
use common::*;
use std::process::Command;
use std::sync::OnceLock;

fn run_sdk(args: &[&str]) -> std::process::Output {
    railyard().arg("run_sdk_container").args(args).output().unwrap()
}

/// The default SDK image, built (and loaded) once per test process.
fn sdk_image() -> serde_json::Value {
    static IMG: OnceLock<serde_json::Value> = OnceLock::new();
    IMG.get_or_init(|| {
        let out = repo().join("__build__/sdk");
        let reference = "localhost/railyard-sdk-amd64:0.1.0";
        let image_id = |r: &str| {
            let o = Command::new("podman").args(["image", "inspect", "--format", "{{.Id}}", r]).output().unwrap();
            o.status.success().then(|| String::from_utf8_lossy(&o.stdout).trim().to_string())
        };
        let before = image_id(reference);
        let o = railyard()
            .args(["build_sdk_container_image", "--json", "--load"])
            .arg(format!("--output={}", out.display()))
            .output()
            .unwrap();
        assert!(o.status.success(), "SDK image build failed: {}", text(&o));
        // the image the tag named before is removed with the load (unless a container uses it)
        if let Some(old) = before.filter(|old| Some(old) != image_id(reference).as_ref()) {
            let users = tool("podman", &["ps", "-aq", "--filter", &format!("ancestor={old}")]);
            assert!(image_id(&old).is_none() || !users.stdout.is_empty(), "the replaced SDK image {old} is still in podman's storage: {}", text(&o));
        }
        // one run without -U builds the static railyard binary the other runs reuse
        let warm = format!("railyard-warm-{}", std::process::id());
        let w = run_sdk(&["-n", &warm, "--rm", "--", "true"]);
        assert!(w.status.success(), "first run_sdk_container failed: {}", text(&w));
        serde_json::from_slice(&o.stdout).unwrap()
    })
    .clone()
}

#[test]
fn sdk_image_is_reproducible() {
    let a = sdk_image();
    let dir = scratch("sdk-again");
    // a second archive is large: gone when the test ends
    let _gone = ScratchRemovedOnDrop(dir.clone());
    let o = railyard().args(["build_sdk_container_image", "--json"]).arg(format!("--output={}", dir.display())).output().unwrap();
    assert!(o.status.success(), "{}", text(&o));
    let b: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(a["image"]["digest"], b["image"]["digest"], "two SDK builds differ");
    assert_eq!(sha256(std::path::Path::new(a["archive"].as_str().unwrap())), sha256(std::path::Path::new(b["archive"].as_str().unwrap())));
    let manifest = std::fs::read_to_string(b["manifest"].as_str().unwrap()).unwrap();
    assert!(manifest.contains(a["image"]["digest"].as_str().unwrap()));
    assert!(manifest.lines().any(|l| l.starts_with("erofs-utils ")) && manifest.contains("portage 3.0.83 pypi"), "{manifest}");
    // skopeo, an independent OCI implementation, reads the archive and agrees on the digest
    let o = tool("skopeo", &["inspect", "--raw", &format!("oci-archive:{}", b["archive"].as_str().unwrap())]);
    assert!(o.status.success(), "{}", text(&o));
    use sha2::Digest;
    assert_eq!(format!("sha256:{}", hex::encode(sha2::Sha256::digest(&o.stdout))), a["image"]["digest"].as_str().unwrap());
}

/// Samples `ps -eo args` in a background thread until dropped; the lines seen.
struct PsSampler {
    stop: std::sync::Arc<std::sync::atomic::AtomicBool>,
    thread: Option<std::thread::JoinHandle<(usize, Vec<String>)>>,
}

impl PsSampler {
    fn start(needle: String) -> PsSampler {
        let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let s = stop.clone();
        let thread = std::thread::spawn(move || {
            let (mut samples, mut hits) = (0, Vec::new());
            while !s.load(std::sync::atomic::Ordering::Relaxed) {
                if let Ok(o) = Command::new("ps").args(["-eo", "args"]).output() {
                    samples += 1;
                    hits.extend(String::from_utf8_lossy(&o.stdout).lines().filter(|l| l.contains(&needle)).map(String::from));
                }
                std::thread::sleep(std::time::Duration::from_millis(50));
            }
            (samples, hits)
        });
        PsSampler { stop, thread: Some(thread) }
    }

    fn finish(mut self) -> (usize, Vec<String>) {
        self.stop.store(true, std::sync::atomic::Ordering::Relaxed);
        self.thread.take().map(|t| t.join().unwrap()).unwrap_or_default()
    }
}

/// One file of each format (the UEFI firmware copies are what the SDK image once lacked).
const FORMAT_FILES: &[&str] = &[
    "railyard_production_qemu_uefi_image.img",
    "railyard_production_qemu_uefi_efi_code.fd",
    "railyard_production_vhd_image.vhd",
    "railyard_production_ami_image.vmdk",
    "railyard_production_ova_image.ova",
    "railyard_production_pxe.vmlinuz",
];

/// The date (UTC, as `mdir` prints it) of the ESP's EFI directory in a disk image.
fn esp_date(image: &std::path::Path) -> String {
    let o = tool("sfdisk", &["--json", image.to_str().unwrap()]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("sfdisk --json: {e}: {}", text(&o)));
    let parts = v["partitiontable"]["partitions"].as_array().unwrap();
    let esp = parts.iter().find(|p| p["name"] == "EFI-SYSTEM").unwrap_or_else(|| panic!("no EFI-SYSTEM partition: {v}"));
    let off = esp["start"].as_u64().unwrap() * 512;
    let o = Command::new("mdir").env("MTOOLS_SKIP_CHECK", "1").env("TZ", "UTC").arg("-i").arg(format!("{}@@{off}", image.display())).arg("::/").output().unwrap();
    let t = text(&o);
    let line = t.lines().find(|l| l.starts_with("EFI ")).unwrap_or_else(|| panic!("no EFI directory on the ESP: {t}"));
    line.split_whitespace().find(|w| w.len() == 10 && w.as_bytes()[4] == b'-').unwrap_or_else(|| panic!("no date in {line:?}")).to_string()
}

/// The release flow inside the SDK container, as a release job runs it: the signing key
/// and SOURCE_DATE_EPOCH come from the host's environment (the documented route), packages
/// are built in the SDK (its toolchain is part of every input hash, so the amd64 store
/// starts empty for these), the image is built and converted to every format, the doctor
/// check passes; the host verifies the signed result and the key never shows up in a file
/// under __build__, the container's inspect output or a process command line. A second
/// run builds the arm64 board's formats and shows SOURCE_DATE_EPOCH reaching the image.
#[test]
fn runs_commands_and_builds_an_image_as_the_caller() {
    sdk_image();
    let name = format!("railyard-test-{}", std::process::id());
    let _gone = RemovedOnDrop(name.clone());
    let o = run_sdk(&["-n", &name, "--", "uname", "-a"]);
    assert!(o.status.success() && String::from_utf8_lossy(&o.stdout).contains("Linux"), "{}", text(&o));
    // re-entry reuses the running container; inside: Debian, portage, the static railyard
    let o = run_sdk(&["-n", &name, "-U", "--", "sh", "-c", "grep VERSION_CODENAME /etc/os-release; emerge --version; railyard --version; id -u"]);
    let t = text(&o);
    assert!(o.status.success() && t.contains("bookworm") && t.contains("Portage 3.0.83") && t.contains("railyard 0.1.0"), "{t}");
    let uid = current_uid();
    assert!(t.lines().any(|l| l.trim() == uid.to_string()), "runs as the caller's uid {uid}: {t}");

    // a signing key, outside the repository, given as release jobs do: $RAILYARD_SIGNING_KEY
    let keys = std::env::temp_dir().join(format!("railyard-sdk-keys-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&keys);
    let k = railyard().args(["keygen", "--name=sdk"]).arg(format!("--output_dir={}", keys.display())).output().unwrap();
    assert!(k.status.success(), "keygen: {}", text(&k));
    let key_text = std::fs::read_to_string(keys.join("sdk.key")).unwrap();
    // the secret: the seed's 64 hex digits after the tag (the `# keyid:` line is public)
    let secret = key_text.lines().find_map(|l| l.strip_prefix("railyard-ed25519-private ")).expect("the key's seed line").trim().to_string();
    let keyid = key_text.lines().find_map(|l| l.strip_prefix("# keyid: ")).expect("the key id line").trim().to_string();
    assert_eq!(secret.len(), 64);

    // build in the SDK; the output belongs to the caller
    let out = format!("__build__/test-work/{}-in-sdk", std::process::id());
    let script = format!(
        "set -e; ./build_packages; ./build_image prod --output_root={out}; \
         ./image_to_vm --from={out}/amd64-usr/latest --format=qemu_uefi,vhd,ami,ova,pxe; \
         railyard doctor; test -z \"$RAILYARD_SIGNING_KEY\"; test -r \"$RAILYARD_SIGNING_KEY_FILE\"; \
         echo \"epoch=$SOURCE_DATE_EPOCH mark=$RAILYARD_TEST_MARK\""
    );
    let ps = PsSampler::start(secret.clone());
    // `-t` as users type it; without a terminal (CI) it runs without a TTY
    let o = railyard()
        .env("RAILYARD_SIGNING_KEY", &key_text)
        .env("SOURCE_DATE_EPOCH", "1700000000")
        .env("RAILYARD_TEST_MARK", "from-e")
        .args(["run_sdk_container", "-t", "-n", &name, "-U", "-e", "RAILYARD_TEST_MARK", "--", "sh", "-c", &script])
        .output()
        .unwrap();
    let inspect = tool("podman", &["container", "inspect", &name]);
    let (samples, hits) = ps.finish();
    let t = text(&o);
    assert!(o.status.success(), "the release flow in the SDK failed: {t}");
    assert!(t.contains("all ") && t.contains("requirements present (SDK commands)"), "doctor inside the SDK: {t}");
    assert!(t.contains("epoch=1700000000 mark=from-e"), "SOURCE_DATE_EPOCH and -e NAME reach the container: {t}");
    assert!(!t.contains("UNSIGNED"), "{t}");
    let latest = repo().join(&out).join("amd64-usr/latest");
    for f in FORMAT_FILES {
        assert!(latest.join(f).is_file(), "no {f} in {}", latest.display());
    }
    // the host verifies the release signed inside the container
    let v = railyard().arg("verify").arg(&latest).arg(format!("--public_key={}", keys.join("sdk.pub").display())).output().unwrap();
    assert!(v.status.success(), "verify on the host rejected the SDK-built release: {}", text(&v));
    // the key's text: in no process command line, no inspect output, no file under __build__
    assert!(samples > 3, "ps was sampled only {samples} times");
    assert!(hits.is_empty(), "the signing key appeared on a command line: {hits:?}");
    assert!(inspect.status.success() && !text(&inspect).contains(&secret), "the key is in podman inspect");
    assert!(text(&inspect).contains("/run/railyard-secrets"), "the secrets mount: {}", text(&inspect));
    // (-s: files that other tests remove while grep walks __build__ are no finding; a file
    // holding the key is, named on stdout)
    let g = Command::new("grep").args(["-rlsF", "--", &secret]).arg(repo().join("__build__")).output().unwrap();
    assert!(g.status.code() != Some(0) && g.stdout.is_empty(), "the key's text is in files under __build__: {}", text(&g));
    // the same search finds the public key id in the signed provenance (the search works)
    let g = Command::new("grep").args(["-rlF", "--", &keyid]).arg(repo().join(&out)).output().unwrap();
    assert!(text(&g).contains("railyard_production_image.intoto.jsonl"), "key id not found by grep: {}", text(&g));
    // the per-run secret file is gone after the run
    let sdir = match std::env::var_os("XDG_RUNTIME_DIR") {
        Some(d) if std::path::Path::new(&d).is_dir() => std::path::PathBuf::from(d).join("railyard-sdk").join(&name),
        _ => std::path::PathBuf::from(format!("/dev/shm/railyard-sdk-{uid}/{name}")),
    };
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    assert_eq!(std::fs::metadata(&sdir).unwrap().permissions().mode() & 0o777, 0o700, "{}", sdir.display());
    assert_eq!(std::fs::read_dir(&sdir).unwrap().count(), 0, "secret files left in {}", sdir.display());

    let bin = latest.join("railyard_production_image.bin");
    let md = std::fs::metadata(&bin).unwrap_or_else(|e| panic!("{}: {e}", bin.display()));
    assert_eq!(md.uid(), uid, "output owned by the calling user");
    let v = tool("sgdisk", &["-v", bin.to_str().unwrap()]);
    assert!(text(&v).contains("No problems found"), "{}", text(&v));
    // the provenance names the SDK image the build ran in, by digest
    let st = statements_without_metadata(&bin.with_file_name("railyard_production_image.intoto.jsonl"));
    let deps = st[0]["predicate"]["buildDefinition"]["resolvedDependencies"].as_array().unwrap();
    let sdk = deps.iter().find(|d| d["name"] == "railyard-sdk-image").expect("railyard-sdk-image in resolvedDependencies");
    let digest = sdk_image()["image"]["digest"].as_str().unwrap().trim_start_matches("sha256:").to_string();
    assert_eq!(sdk["digest"]["sha256"].as_str().unwrap(), digest);
    // and the binary packages the image was installed from, by digest and input hash
    let bb = deps.iter().find(|d| d["name"] == "binpkg:sys-apps/busybox-1.35.0").expect("busybox's binary package in resolvedDependencies");
    assert_eq!(bb["digest"]["sha256"].as_str().unwrap().len(), 64);
    assert_eq!(bb["annotations"]["inputHash"].as_str().unwrap().len(), 64);
    assert_eq!(esp_date(&bin), "2023-11-14", "SOURCE_DATE_EPOCH=1700000000 from the host");
    // and the other way round: the host, sharing the store (and its locks) with the SDK
    // container, builds what its own toolchain needs and assembles its image from it
    let o = railyard().args(["build_packages", "--json"]).output().unwrap();
    assert!(o.status.success(), "host build_packages after the SDK's: {}", text(&o));
    // each has its own Portage configuration (the checkout is /mnt/host/source inside, the
    // toolchain another): the host's run left the SDK's make.profile link as it was
    let state = repo().join("__build__/packages/amd64-usr");
    let links: Vec<String> = std::fs::read_dir(&state)
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().starts_with("config-"))
        .filter_map(|e| std::fs::read_link(e.path().join("etc/portage/make.profile")).ok())
        .map(|l| l.display().to_string())
        .collect();
    let here = std::fs::canonicalize(repo()).unwrap().display().to_string();
    assert!(links.iter().any(|l| l.starts_with("/mnt/host/source/")) && links.iter().any(|l| l.starts_with(&format!("{here}/"))), "the SDK's and the host's configurations: {links:?}");
    let ok = railyard().args(["build_packages", "--verify-store"]).output().unwrap();
    assert!(ok.status.success(), "the shared store after the SDK's and the host's builds: {}", text(&ok));
    let host = build(&scratch("host-after-sdk"), &["--board=amd64-usr"]).unwrap_or_else(|e| panic!("host build_image after the SDK's: {e}"));
    assert!(text(&tool("sgdisk", &["-v", host.image().to_str().unwrap()])).contains("No problems found"));

    // second run in the same container: the arm64 board's formats, and the amd64 image
    // again with another SOURCE_DATE_EPOCH from the host
    let out2 = format!("{out}-2");
    let script = format!(
        "set -e; ./build_packages --board=arm64-usr; ./build_image --board=arm64-usr --output_root={out}; \
         ./image_to_vm --board=arm64-usr --from={out}/arm64-usr/latest --format=qemu_uefi,vhd,ami,ova,pxe; \
         ./build_image --output_root={out2}"
    );
    let o = railyard().env("SOURCE_DATE_EPOCH", "1710000000").args(["run_sdk_container", "-n", &name, "-U", "--rm", "--", "sh", "-c", &script]).output().unwrap();
    assert!(o.status.success(), "arm64 formats / second build in the SDK failed: {}", text(&o));
    let arm = repo().join(&out).join("arm64-usr/latest");
    for f in FORMAT_FILES {
        assert!(arm.join(f).is_file(), "no {f} in {}", arm.display());
    }
    let v = railyard().arg("verify").arg(&arm).arg(format!("--public_key={}", keys.join("sdk.pub").display())).output().unwrap();
    assert!(!v.status.success(), "an unsigned arm64 release must not verify: {}", text(&v));
    let bin2 = repo().join(&out2).join("amd64-usr/latest/railyard_production_image.bin");
    assert_ne!(sha256(&bin), sha256(&bin2), "another SOURCE_DATE_EPOCH, the same image");
    assert_eq!(esp_date(&bin2), "2024-03-09", "SOURCE_DATE_EPOCH=1710000000 from the host");
    let _ = std::fs::remove_dir_all(&keys);
}

/// The names of the containers of Slurm jobs (`railyard-slurm-<job id>`) podman knows.
fn job_containers() -> Vec<String> {
    let o = tool("podman", &["ps", "-a", "--format", "{{.Names}}"]);
    assert!(o.status.success(), "podman ps: {}", text(&o));
    String::from_utf8_lossy(&o.stdout)
        .lines()
        .filter(|n| n.strip_prefix("railyard-slurm-").is_some_and(|id| !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit())))
        .map(String::from)
        .collect()
}

/// `(package, input hash)` of a `build_packages --json` plan.
fn plan_hashes(v: &serde_json::Value) -> Vec<(String, String)> {
    v["plan"].as_array().unwrap_or_else(|| panic!("no plan: {v}")).iter().map(|p| (p["package"].as_str().unwrap().to_string(), p["input_hash"].as_str().unwrap().to_string())).collect()
}

/// Issue 20: `--executor=slurm --slurm-container` runs each job's build in the SDK container
/// on its node. The jobs build the SDK's input hashes (its toolchain, not this host's), a
/// package a job built equals the one run_sdk_container builds directly, no job container
/// stays behind, and Ctrl-C cancels the jobs and removes their running containers.
#[test]
fn slurm_jobs_build_in_the_sdk_container_and_ctrl_c_removes_them() {
    sdk_image();
    let w = scratch("slurm-sdk");
    let reg = Registry::start();
    let cluster = Slurm::start(&w.join("cluster")).expect("starting the test Slurm cluster");
    let key = release_key("slurm-sdk");
    // another checkout (its own store), with the distfiles and the static binary the SDK
    // runs as this checkout has them (RAILYARD_SDK_NO_UPDATE: no second cargo build)
    let d = w.join("d");
    clone_repo_with_distfiles(&d);
    let musl = "target/x86_64-unknown-linux-musl/debug/railyard";
    std::fs::create_dir_all(d.join(musl).parent().unwrap()).unwrap();
    std::fs::copy(repo().join(musl), d.join(musl)).unwrap();
    let target = "sys-apps/shadow-bin";
    let in_d = |args: &[&str]| {
        let mut c = Command::new(env!("CARGO_BIN_EXE_railyard"));
        c.args(args)
            .env("RAILYARD_ROOT", &d)
            .env("RAILYARD_PORTAGE", repo().join("__build__/portage"))
            .env("RAILYARD_SDK_NO_UPDATE", "1")
            .env("SLURM_CONF", cluster.conf())
            .current_dir(&d);
        c
    };
    let json = |o: &std::process::Output, what: &str| -> serde_json::Value {
        // stderr first: it holds the progress lines and the tails of failed jobs' logs,
        // which a long JSON summary would push out of a truncated CI excerpt
        assert!(o.status.success(), "{what} failed:\n{}\n{}", String::from_utf8_lossy(&o.stderr), String::from_utf8_lossy(&o.stdout));
        serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{what}: {e}\n{}", text(o)))
    };
    // the plan on this host and in the SDK: the same packages, other input hashes (toolchain)
    let host = plan_hashes(&json(&in_d(&["build_packages", "--pretend", "--json", "--no-binhost", target]).output().unwrap(), "host plan"));
    let sdk = plan_hashes(&json(
        &in_d(&["run_sdk_container", "--rm", "-n", &format!("railyard-plan-test-{}", std::process::id()), "--", "railyard", "build_packages", "--pretend", "--json", "--no-binhost", target]).output().unwrap(),
        "plan in the SDK",
    ));
    assert!(sdk.len() >= 3, "{sdk:?}");
    assert_eq!(host.iter().map(|p| &p.0).collect::<Vec<_>>(), sdk.iter().map(|p| &p.0).collect::<Vec<_>>());
    assert!(host.iter().zip(&sdk).all(|(a, b)| a.1 != b.1), "the SDK's toolchain is in every input hash: {host:?} {sdk:?}");
    let submit = |repo_path: &str| {
        let mut c = in_d(&["build_packages", "--board=amd64-usr", "--json", "--executor=slurm", "--slurm-container", "--slurm-partition=builders", "--binhost-push"]);
        c.arg(format!("--binhost=127.0.0.1:{}/{repo_path}", reg.port)).arg(format!("--signing_key={}.key", key.display())).arg(format!("--binhost-key={}.pub", key.display())).arg(target);
        c
    };
    let o = submit("slurm-sdk/amd64-usr").output().unwrap();
    let v = json(&o, "build_packages --executor=slurm --slurm-container");
    let t = text(&o);
    assert_eq!(v["slurm"]["in_sdk_container"], true, "{t}");
    let mut built: Vec<String> = v["built"].as_array().unwrap().iter().filter(|b| b["status"] == "built").map(|b| b["cpv"].as_str().unwrap().to_string()).collect();
    built.sort();
    let mut all: Vec<String> = sdk.iter().map(|p| p.0.clone()).collect();
    all.sort();
    assert_eq!(built, all, "the Slurm jobs did not build every package:\n{t}");
    assert_eq!(plan_hashes(&v), sdk, "the submitted plan's input hashes are not the SDK's:\n{t}");
    let jobs = v["slurm"]["jobs"].as_array().unwrap();
    assert_eq!(jobs.len(), sdk.len(), "{t}");
    for j in jobs {
        assert_eq!(j["state"], "COMPLETED", "{j}");
    }
    let store = |h: &str| d.join("__build__/packages/amd64-usr/store").join(&h[..2]).join(format!("{h}.gpkg.tar"));
    for (cpv, h) in &sdk {
        assert!(store(h).is_file(), "{cpv}: no package with the SDK's input hash {h} in the store:\n{t}");
    }
    assert_eq!(job_containers(), Vec::<String>::new(), "job containers left after the run");
    // the job's package equals the one run_sdk_container builds directly in the SDK
    let (shadow, h) = sdk.iter().find(|p| p.0.starts_with("sys-apps/shadow-bin-")).unwrap().clone();
    let by_job = sha256(&store(&h));
    let o = in_d(&["run_sdk_container", "--rm", "-n", &format!("railyard-rebuild-test-{}", std::process::id()), "--", "railyard", "build_packages", "--no-binhost", &format!("--rebuild={shadow}"), target]).output().unwrap();
    assert!(o.status.success(), "rebuild in the SDK: {}", text(&o));
    assert!(text(&o).contains(&format!("built {shadow}")), "{shadow} was not rebuilt: {}", text(&o));
    assert_eq!(sha256(&store(&h)), by_job, "{shadow}: the Slurm job's build differs from run_sdk_container's");

    // Ctrl-C while a job's container runs: no job queued or running, no job container left
    std::fs::remove_dir_all(d.join("__build__/packages/amd64-usr/store")).unwrap();
    let err = w.join("ctrl-c.err");
    let mut child = submit("slurm-sdk/interrupted").stdout(std::process::Stdio::null()).stderr(std::fs::File::create(&err).unwrap()).spawn().unwrap();
    let t0 = std::time::Instant::now();
    while job_containers().is_empty() {
        assert!(t0.elapsed().as_secs() < 180 && child.try_wait().unwrap().is_none(), "no job container started:\n{}", std::fs::read_to_string(&err).unwrap_or_default());
        std::thread::sleep(std::time::Duration::from_millis(200));
    }
    assert!(tool("kill", &["-INT", &child.id().to_string()]).status.success());
    let st = child.wait().unwrap();
    let e = std::fs::read_to_string(&err).unwrap();
    assert!(!st.success() && e.contains("interrupted: cancelled"), "{e}");
    let t0 = std::time::Instant::now();
    loop {
        let q = cluster.client("squeue", &["-h", "-o", "%i %j %T"]).expect("squeue");
        let left = String::from_utf8_lossy(&q.stdout).trim().to_string();
        let containers = job_containers();
        if left.is_empty() && containers.is_empty() {
            break;
        }
        assert!(t0.elapsed().as_secs() < 90, "after Ctrl-C: jobs {left:?}, containers {containers:?}");
        std::thread::sleep(std::time::Duration::from_millis(500));
    }
    drop(cluster);
    let _ = std::fs::remove_dir_all(&w);
}

#[test]
fn doctor_lists_every_command_and_fails_on_a_missing_tool() {
    let o = railyard().args(["doctor", "--json"]).output().unwrap();
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}: {}", text(&o)));
    let checks = v["checks"].as_array().unwrap();
    for c in ["build_packages", "build_image", "image_to_vm", "boot_image", "run_sdk_container"] {
        assert!(checks.iter().any(|x| x["command"] == c), "{c} missing from doctor: {v}");
    }
    let fw = checks.iter().find(|x| x["name"] == "/usr/share/AAVMF/AAVMF_CODE.fd" && x["command"] == "image_to_vm").expect("arm64 firmware");
    assert_eq!(fw["package"], "qemu-efi-aarch64");
    assert_eq!(o.status.success(), v["ok"] == true, "exit status follows the result");
    // a trimmed system: PATH without the image tools fails, naming the packages
    let empty = scratch("doctor-path");
    let o = railyard().env("PATH", &empty).args(["doctor", "--sdk"]).output().unwrap();
    let t = text(&o);
    assert!(!o.status.success() && t.contains("MISSING  program mkfs.erofs") && t.contains("install the Debian packages") && t.contains("erofs-utils"), "{t}");
    assert!(!t.contains("run_sdk_container"), "--sdk skips host-only commands: {t}");
}

#[test]
fn errors_say_what_to_do() {
    sdk_image();
    // a bad reference
    let o = run_sdk(&["-C", "bad ref:", "--", "true"]);
    assert!(!o.status.success() && text(&o).contains("invalid image reference"), "{}", text(&o));
    // an unreachable registry
    let o = run_sdk(&["-U", "-C", "127.0.0.1:9/railyard/nothing:1", "--", "true"]);
    let t = text(&o);
    assert!(!o.status.success() && t.contains("could not be pulled") && t.contains("registry is reachable"), "{t}");
    // a name clash: a container of that name made from another image
    let name = format!("railyard-clash-{}", std::process::id());
    let c = Command::new("podman").args(["--runtime", "runc", "create", "--name", &name, "localhost/railyard-sdk-amd64:0.1.0", "true"]).output().unwrap();
    assert!(c.status.success(), "{}", text(&c));
    let o = run_sdk(&["-n", &name, "-U", "--", "true"]);
    let _ = Command::new("podman").args(["rm", "-f", &name]).output();
    let t = text(&o);
    assert!(!o.status.success() && t.contains("already exists") && t.contains("choose another name with -n"), "{t}");
    // no engine at all (PATH without podman/docker and without apt-get)
    let empty = scratch("no-engine");
    let o = railyard().env("PATH", &empty).args(["run_sdk_container", "--", "true"]).output().unwrap();
    let t = text(&o);
    assert!(!o.status.success() && t.contains("no container engine") && t.contains("apt-get install podman"), "{t}");
}

#[test]
fn registry_round_trip() {
    let img = sdk_image();
    let reg = Registry::start();
    let dest = format!("127.0.0.1:{}/railyard/railyard-sdk-amd64:0.1.0", reg.port);
    let o = railyard().args(["push_sdk_container_image", "--to", &dest]).output().unwrap();
    assert!(o.status.success(), "push failed: {}", text(&o));
    let o = tool("skopeo", &["inspect", "--raw", "--tls-verify=false", &format!("docker://{dest}")]);
    assert!(o.status.success(), "{}", text(&o));
    use sha2::Digest;
    assert_eq!(format!("sha256:{}", hex::encode(sha2::Sha256::digest(&o.stdout))), img["image"]["digest"].as_str().unwrap(), "digest changed in the registry");
    // a pulled image runs
    let _ = Command::new("podman").args(["rmi", "-f", &dest]).output();
    let name = format!("railyard-pulled-{}", std::process::id());
    let o = run_sdk(&["-n", &name, "-U", "--rm", "-C", &dest, "--", "cat", "/usr/share/railyard/sdk-packages.txt"]);
    let t = text(&o);
    assert!(o.status.success() && t.contains("pulling") && t.contains("erofs-utils"), "{t}");
    let o = tool("podman", &["image", "inspect", "--format", "{{.Digest}}", &dest]);
    assert_eq!(text(&o).trim(), img["image"]["digest"].as_str().unwrap(), "pulled digest differs");
    let _ = Command::new("podman").args(["rmi", "-f", &dest]).output();
}

/// The arm64 SDK (issue 20, item 4), run on an amd64 host under qemu-user emulation
/// (`apt-get install qemu-user-static binfmt-support arch-test gcc-aarch64-linux-gnu`,
/// `rustup target add aarch64-unknown-linux-musl`): the image builds, runs arm64 code,
/// plans the arm64 board and builds one package with the SDK's native toolchain; one
/// multi-platform archive lists both images. Not in `.ci/run`: the emulated image build
/// alone takes ~10 minutes here, beyond the suite's time budget; run it with
/// `cargo test -p railyard --test sdk_container -- --ignored arm64`.
#[test]
#[ignore = "arm64 SDK under emulation: ~15 minutes; run with --ignored"]
fn arm64_sdk_runs_emulated_plans_and_builds_and_shares_an_index_with_amd64() {
    let amd = sdk_image();
    let out = repo().join("__build__/sdk");
    let o = railyard().args(["build_sdk_container_image", "-a", "arm64", "--json", "--load"]).arg(format!("--output={}", out.display())).output().unwrap();
    assert!(o.status.success(), "arm64 SDK image build failed: {}", text(&o));
    let arm: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    // the image's config names its platform; skopeo reads the archive
    let o = tool("skopeo", &["inspect", "--config", &format!("oci-archive:{}", arm["archive"].as_str().unwrap())]);
    assert!(o.status.success() && text(&o).contains("\"architecture\": \"arm64\""), "{}", text(&o));

    // one archive over both: an image index whose entries carry the two platforms and the
    // two images' digests unchanged
    let o = railyard().args(["build_sdk_container_image", "-a", "amd64,arm64", "--index-only", "--json"]).arg(format!("--output={}", out.display())).output().unwrap();
    assert!(o.status.success(), "{}", text(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let index = v["index"]["archive"].as_str().unwrap().to_string();
    let o = tool("skopeo", &["inspect", "--raw", &format!("oci-archive:{index}")]);
    assert!(o.status.success(), "{}", text(&o));
    let raw: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(raw["mediaType"], "application/vnd.oci.image.index.v1+json", "{raw}");
    let plats: Vec<(String, String)> = raw["manifests"].as_array().unwrap().iter().map(|m| (m["platform"]["architecture"].as_str().unwrap().to_string(), m["digest"].as_str().unwrap().to_string())).collect();
    assert_eq!(
        plats,
        vec![("amd64".into(), amd["image"]["digest"].as_str().unwrap().to_string()), ("arm64".into(), arm["image"]["digest"].as_str().unwrap().to_string())],
        "{raw}"
    );
    // ... and a registry serves it as one name for both platforms
    let reg = Registry::start();
    let dest = format!("127.0.0.1:{}/railyard/railyard-sdk:0.1.0", reg.port);
    let o = railyard().args(["push_sdk_container_image", "--index", "--to", &dest]).output().unwrap();
    assert!(o.status.success(), "push --index failed: {}", text(&o));
    use sha2::Digest;
    for (arch, want) in [("amd64", &amd), ("arm64", &arm)] {
        // the platform's image as a client of that architecture resolves it: its config
        let o = tool("skopeo", &["inspect", "--tls-verify=false", "--override-arch", arch, "--config", "--raw", &format!("docker://{dest}")]);
        assert!(o.status.success(), "{}", text(&o));
        assert_eq!(format!("sha256:{}", hex::encode(sha2::Sha256::digest(&o.stdout))), want["image"]["config_digest"].as_str().unwrap(), "{arch} from the registry: {}", text(&o));
    }

    // the container runs arm64 code, plans the arm64 board, builds one package natively
    let name = format!("railyard-arm64-{}", std::process::id());
    let _gone = RemovedOnDrop(name.clone());
    let o = run_sdk(&["-a", "arm64", "-n", &name, "--", "sh", "-c", "uname -m; railyard --version; file -L /usr/bin/gcc"]);
    let t = text(&o);
    assert!(o.status.success() && t.contains("aarch64") && t.contains("railyard 0.1.0") && t.contains("ARM aarch64"), "{t}");
    let o = run_sdk(&["-a", "arm64", "-n", &name, "-U", "--", "./build_packages", "--board=arm64-usr", "--pretend"]);
    let t = text(&o);
    // (an earlier run of this test may have stored it: `[stored]` then)
    assert!(o.status.success() && t.contains("sys-kernel/linux-cloud-bin") && t.contains("] sys-apps/baselayout-railyard-1::railyard"), "the arm64 plan in the arm64 SDK: {t}");
    let o = run_sdk(&["-a", "arm64", "-n", &name, "-U", "--rm", "--", "./build_packages", "--board=arm64-usr", "--json", "--rebuild=sys-apps/baselayout-railyard", "sys-apps/baselayout-railyard"]);
    let t = text(&o);
    assert!(o.status.success(), "a package build in the arm64 SDK: {t}");
    let s: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("no JSON ({e}): {t}"));
    let done: Vec<&str> = s["built"].as_array().unwrap().iter().filter(|b| b["status"] == "built").filter_map(|b| b["cpv"].as_str()).collect();
    assert!(done.iter().any(|c| c.starts_with("sys-apps/baselayout-railyard-")), "built in the arm64 SDK: {done:?}\n{t}");
}

/// A named SDK container that is removed when the test ends, passing or failing (a failed
/// assertion would otherwise leave it running `sleep infinity`).
struct RemovedOnDrop(String);

/// A scratch directory removed when the test ends, passing or failing.
struct ScratchRemovedOnDrop(std::path::PathBuf);

impl Drop for ScratchRemovedOnDrop {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

impl Drop for RemovedOnDrop {
    fn drop(&mut self) {
        let _ = Command::new("podman").args(["rm", "-f", &self.0]).output();
    }
}

/// Issue 21, item 5, in the SDK container: Flatcar's `dev-libs/lzo-2.10` (autotools through
/// `econf`, Gentoo's `dot-a`/`multilib-minimal`/`usr-ldscript` eclasses) and
/// `dev-libs/inih-59` (`meson-multilib`, with the SDK's meson from PyPI and Debian's ninja)
/// build from source with the SDK's toolchain (a copy of tests/data/flatcar under the
/// checkout, which is all the container sees), and a rebuild is byte-identical.
#[test]
fn flatcar_ebuilds_build_from_source_in_the_sdk() {
    sdk_image();
    lzo_distfile();
    gflags_distfile();
    debian_distfile("inih-59.tar.gz", "pool/main/libi/libinih/libinih_59.orig.tar.gz");
    let rel = format!("__build__/test-work/{}-flatcar-tree", std::process::id());
    let tree = repo().join(&rel);
    let _ = std::fs::remove_dir_all(&tree);
    std::fs::create_dir_all(tree.parent().unwrap()).unwrap();
    assert!(Command::new("cp").arg("-a").arg(repo().join("tests/data/flatcar")).arg(&tree).status().unwrap().success());
    // the build host: Flatcar's SDK profile and the tools this SDK has (EAPI 5: package.provided)
    sdk_tools_profile(&tree.join("sdk-tools"), "../coreos-overlay/profiles/coreos/amd64/sdk", railyard_container::sdkimage::MESON_VERSION, railyard_container::sdkimage::CMAKE_VERSION);
    let name = format!("railyard-flatcar-{}", std::process::id());
    let _gone = RemovedOnDrop(name.clone());
    let build = |pn: &str, atom: &str| -> (String, String) {
        let o = run_sdk(&[
            "-n",
            &name,
            "-U",
            "--",
            "./build_packages",
            "--board=amd64-usr",
            "--json",
            &format!("--overlay={rel}/portage-stable"),
            &format!("--overlay={rel}/coreos-overlay"),
            &format!("--profile={rel}/coreos-overlay/profiles/coreos/amd64/generic"),
            &format!("--host-profile={rel}/sdk-tools"),
            &format!("--rebuild={pn}"),
            atom,
        ]);
        assert!(o.status.success(), "{atom} in the SDK: {}", text(&o));
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}: {}", text(&o)));
        let b = &v["built"][0];
        assert_eq!(b["status"], "built", "{}", text(&o));
        (b["cpv"].as_str().unwrap().to_string(), b["sha256"].as_str().unwrap().to_string())
    };
    for (pn, atom, cpv, marker) in [
        ("dev-libs/lzo", "dev-libs/lzo", "dev-libs/lzo-2.10", "checking for"),
        ("dev-libs/inih", "=dev-libs/inih-59", "dev-libs/inih-59", "The Meson build system"),
        ("dev-cpp/gflags", "=dev-cpp/gflags-2.2.2-r1", "dev-cpp/gflags-2.2.2-r1", "Check size of uint32_t - done"),
    ] {
        let (c1, s1) = build(pn, atom);
        let (c2, s2) = build(pn, atom);
        assert_eq!((c1.as_str(), c2.as_str()), (cpv, cpv));
        assert_eq!(s1, s2, "a rebuild of {cpv} in the SDK is byte-identical");
        let log = std::fs::read_to_string(repo().join("__build__/packages/amd64-usr/logs").join(format!("{cpv}.log"))).unwrap();
        assert!(log.contains(marker), "{cpv} in the SDK: no {marker:?} in its log:\n{}", &log[..log.len().min(3000)]);
    }

    // A vendor takes Gentoo's lzo into their image: their overlay holds the ebuild and the
    // eclasses it inherits (as its metadata cache lists them), and a newer meta package
    // that adds it. Built from source in the SDK with the board's own profile, installed
    // into the image, listed in its package list, contents and licences.
    let acme = format!("{rel}/acme");
    vendor_overlay_with(&tree.join("acme"), &tree.join("portage-stable"), "dev-libs/lzo-2.10");
    let images = format!("{rel}/images");
    let o = run_sdk(&[
        "-n",
        &name,
        "-U",
        "--",
        "sh",
        "-c",
        &format!("set -e; ./build_packages --board=amd64-usr --overlay={acme} --rebuild=dev-libs/lzo >&2; ./build_image --board=amd64-usr --overlay={acme} --output_root={images} >&2"),
    ]);
    let t = text(&o);
    assert!(o.status.success(), "the vendor's image with lzo from source, in the SDK: {t}");
    assert!(t.contains("built dev-libs/lzo-2.10") || t.contains("[stored] dev-libs/lzo-2.10::acme"), "lzo planned from the vendor overlay: {t}");
    let latest = repo().join(&images).join("amd64-usr/latest");
    let read = |f: &str| std::fs::read_to_string(latest.join(format!("railyard_production_image_{f}"))).unwrap_or_else(|e| panic!("{f}: {e}"));
    let pk = read("packages.txt");
    assert!(pk.lines().any(|l| l == "dev-libs/lzo-2.10") && pk.lines().any(|l| l == "railyard-base/railyard-0.1-r100"), "{pk}");
    let contents = read("contents.txt");
    for f in ["./usr/lib/liblzo2.so.2.0.0", "./usr/lib/liblzo2.so.2 -> liblzo2.so.2.0.0"] {
        assert!(contents.lines().any(|l| l.ends_with(f)), "{f} not in the image: {contents}");
    }
    let licenses = read("licenses.json");
    assert!(licenses.contains("dev-libs/lzo-2.10") && licenses.contains("GPL-2+"), "{licenses}");
    let _ = std::fs::remove_dir_all(&tree);
}

/// An overlay `acme` at `dir` holding `cpv` copied from the repository `from` with the
/// eclasses its metadata cache entry names, and a meta package `railyard-base/railyard`
/// newer than Railyard's that adds it to the image.
fn vendor_overlay_with(dir: &std::path::Path, from: &std::path::Path, cpv: &str) {
    let (cat, pf) = cpv.split_once('/').unwrap();
    let pn = pf.rsplit_once('-').unwrap().0;
    for d in ["metadata", "profiles", "eclass", cat, "railyard-base/railyard"] {
        std::fs::create_dir_all(dir.join(d)).unwrap();
    }
    std::fs::write(dir.join("metadata/layout.conf"), "masters = railyard\nthin-manifests = true\ncache-formats = md5-dict\n").unwrap();
    std::fs::write(dir.join("profiles/repo_name"), "acme\n").unwrap();
    std::fs::write(dir.join("profiles/categories"), format!("{cat}\n")).unwrap();
    assert!(Command::new("cp").arg("-a").arg(from.join(cat).join(pn)).arg(dir.join(cat)).status().unwrap().success());
    let cache = std::fs::read_to_string(from.join("metadata/md5-cache").join(cpv)).unwrap();
    let eclasses = cache.lines().find_map(|l| l.strip_prefix("_eclasses_=")).expect("an _eclasses_ line");
    for e in eclasses.split('\t').step_by(2) {
        std::fs::copy(from.join("eclass").join(format!("{e}.eclass")), dir.join("eclass").join(format!("{e}.eclass"))).unwrap();
    }
    let meta = std::fs::read_to_string(repo().join("overlays/railyard/railyard-base/railyard/railyard-0.1.ebuild")).unwrap();
    let at = meta.find("RDEPEND=\"").expect("the meta package has an RDEPEND") + "RDEPEND=\"".len();
    std::fs::write(dir.join("railyard-base/railyard/railyard-0.1-r100.ebuild"), format!("{}\n\t{cat}/{pn}{}", &meta[..at], &meta[at..])).unwrap();
}
