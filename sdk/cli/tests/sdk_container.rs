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
        let o = railyard()
            .args(["build_sdk_container_image", "--json", "--load"])
            .arg(format!("--output={}", out.display()))
            .output()
            .unwrap();
        assert!(o.status.success(), "SDK image build failed: {}", text(&o));
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

#[test]
fn runs_commands_and_builds_an_image_as_the_caller() {
    sdk_image();
    let name = format!("railyard-test-{}", std::process::id());
    let o = run_sdk(&["-n", &name, "--", "uname", "-a"]);
    assert!(o.status.success() && String::from_utf8_lossy(&o.stdout).contains("Linux"), "{}", text(&o));
    // re-entry reuses the running container; inside: Debian, portage, the static railyard
    let o = run_sdk(&["-n", &name, "-U", "--", "sh", "-c", "grep VERSION_CODENAME /etc/os-release; emerge --version; railyard --version; id -u"]);
    let t = text(&o);
    assert!(o.status.success() && t.contains("bookworm") && t.contains("Portage 3.0.83") && t.contains("railyard 0.1.0"), "{t}");
    let uid = current_uid();
    assert!(t.lines().any(|l| l.trim() == uid.to_string()), "runs as the caller's uid {uid}: {t}");
    // build an image inside the SDK; the output belongs to the caller
    let out = format!("__build__/test-work/{}-in-sdk", std::process::id());
    // `-t` as users type it; without a terminal (CI) it runs without a TTY
    // (the packages are built in the SDK: its toolchain is part of every input hash)
    let o = run_sdk(&["-t", "-n", &name, "-U", "--rm", "--", "sh", "-c", &format!("./build_packages && ./build_image --output_root={out}")]);
    assert!(o.status.success(), "build_packages + build_image in the SDK failed: {}", text(&o));
    let bin = repo().join(&out).join("amd64-usr/latest/railyard_production_image.bin");
    use std::os::unix::fs::MetadataExt;
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
    // and the other way round: the host uses what the container stored (same store, same
    // locks, same input hashes) and builds its image from it
    let o = railyard().args(["build_packages", "--json"]).output().unwrap();
    assert!(o.status.success(), "host build_packages after the SDK's: {}", text(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(v["built"].as_array().unwrap().is_empty(), "the host rebuilt what the SDK container stored: {}", v["built"]);
    let ok = railyard().args(["build_packages", "--verify-store"]).output().unwrap();
    assert!(ok.status.success(), "{}", text(&ok));
    let host = build(&scratch("host-after-sdk"), &["--board=amd64-usr"]).unwrap_or_else(|e| panic!("host build_image after the SDK's: {e}"));
    assert!(text(&tool("sgdisk", &["-v", host.image().to_str().unwrap()])).contains("No problems found"));
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

/// Debian's docker-registry on a free loopback port, stopped on drop.
struct Registry {
    child: std::process::Child,
    port: u16,
}

impl Registry {
    fn start() -> Registry {
        let dir = scratch("registry");
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let cfg = dir.join("config.yml");
        std::fs::write(
            &cfg,
            format!(
                "version: 0.1\nlog: {{level: warn}}\nstorage: {{filesystem: {{rootdirectory: {}}}, delete: {{enabled: true}}}}\nhttp: {{addr: 127.0.0.1:{port}}}\n",
                dir.join("data").display()
            ),
        )
        .unwrap();
        let child = Command::new("docker-registry")
            .arg("serve")
            .arg(&cfg)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("docker-registry (Debian package docker-registry) is required; .ci/run installs it");
        let r = Registry { child, port };
        for _ in 0..100 {
            use std::io::{Read, Write};
            if let Ok(mut s) = std::net::TcpStream::connect(("127.0.0.1", port)) {
                let _ = s.write_all(b"GET /v2/ HTTP/1.0\r\n\r\n");
                let mut b = String::new();
                let _ = s.read_to_string(&mut b);
                if b.starts_with("HTTP/1.0 200") || b.starts_with("HTTP/1.1 200") {
                    return r;
                }
            }
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
        panic!("docker-registry did not answer on 127.0.0.1:{port}");
    }
}

impl Drop for Registry {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
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
