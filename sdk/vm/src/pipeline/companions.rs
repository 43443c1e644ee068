//! Companion files of a format: the UEFI firmware and the QEMU launcher script (templated),
//! and the AWS import/register JSON.

use super::oem::{render, template_ctx};
use super::spec::{AwsSpec, FormatSpec, QemuSpec};
use super::ctx::Ctx;
use anyhow::{bail, Context, Result};
use railyard_disk::PlannedDisk;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

/// The db certificate of the base image in `dir` (`<image prefix>_secure_boot_db.pem`).
pub fn secure_boot_db_file(board: &railyard_core::Board, dir: &Path) -> PathBuf {
    dir.join(format!("{}{}", board.image_prefix(), railyard_image::pipeline::SECURE_BOOT_CERT_SUFFIX))
}

/// Reads a certificate file (PEM or DER), a regular file only (no link planted in a
/// directory naming a host file).
fn read_cert(p: &Path, what: &str) -> Result<Vec<u8>> {
    let m = std::fs::symlink_metadata(p).with_context(|| format!("{what} {}", p.display()))?;
    if !m.file_type().is_file() {
        bail!("{what} {} is a symbolic link or not a regular file", p.display());
    }
    let data = std::fs::read(p).with_context(|| format!("reading {what} {}", p.display()))?;
    crate::efivars::certificate_der(&data, &format!("{what} {}", p.display()))
}

/// The Secure Boot variable store of a format: the board's empty template with the base
/// image's db certificate enrolled (PK and KEK: the given certificates, else the db one).
fn secure_vars(ctx: &Ctx, f: &FormatSpec) -> Result<Vec<u8>> {
    let fw = &ctx.board.qemu;
    let db_file = secure_boot_db_file(ctx.board, &ctx.base.dir);
    match std::fs::symlink_metadata(&db_file) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => bail!(
            "{}: the image in {} is not signed for Secure Boot (no {}): build it with ./build_image --secure_boot_key=KEY --secure_boot_cert=CERT",
            f.name,
            ctx.base.dir.display(),
            db_file.file_name().unwrap_or_default().to_string_lossy()
        ),
        _ => {}
    }
    let db = read_cert(&db_file, "the image's db certificate")?;
    let sb = &ctx.secure_boot;
    let pk = match &sb.pk {
        Some(p) => read_cert(p, "--secure_boot_pk")?,
        None => db.clone(),
    };
    let kek = match &sb.kek {
        Some(p) => read_cert(p, "--secure_boot_kek")?,
        None => db.clone(),
    };
    let template = std::fs::read(&fw.firmware_vars)
        .with_context(|| format!("reading the UEFI variable store template {} (install the Debian package {})", fw.firmware_vars.display(), fw.firmware_package))?;
    let keys = crate::efivars::SecureBootKeys { pk, kek: vec![kek], db: vec![db], owner: crate::efivars::owner_guid(&ctx.board.os.id) };
    crate::efivars::enroll(&template, &fw.firmware_vars.display().to_string(), &keys, ctx.base.epoch)
        .with_context(|| format!("{}: enrolling the Secure Boot keys", f.name))
}

pub(super) fn qemu_companions(ctx: &Ctx, f: &FormatSpec, q: &QemuSpec, image: &str) -> Result<Vec<String>> {
    let fw = &ctx.board.qemu;
    let prefix = ctx.prefix(f);
    let code = format!("{prefix}_efi_code.fd");
    let vars = format!("{prefix}_efi_vars.fd");
    let code_src = if q.secure_boot {
        fw.firmware_code_secure.clone().with_context(|| {
            format!("{}: the board {} has no [qemu] firmware_code_secure (the UEFI firmware to boot with Secure Boot)", f.name, ctx.board.board.name)
        })?
    } else {
        fw.firmware_code.clone()
    };
    let mut copies = vec![(&code_src, &code)];
    if !q.secure_boot {
        copies.push((&fw.firmware_vars, &vars));
    }
    for (src, dst) in copies {
        if !src.is_file() {
            bail!(
                "UEFI firmware {} is missing (install the Debian package {})",
                src.display(),
                fw.firmware_package
            );
        }
        std::fs::copy(src, ctx.staging.join(dst))
            .with_context(|| format!("copying {}", src.display()))?;
        std::fs::set_permissions(
            ctx.staging.join(dst),
            std::fs::Permissions::from_mode(0o644),
        )?;
    }
    if q.secure_boot {
        let dst = ctx.staging.join(&vars);
        std::fs::write(&dst, secure_vars(ctx, f)?).with_context(|| format!("writing {}", dst.display()))?;
        std::fs::set_permissions(&dst, std::fs::Permissions::from_mode(0o644))?;
    }
    let launcher = format!("{prefix}.sh");
    let (template, path) = f.template(&q.launcher)?;
    let mut tctx = template_ctx(ctx.board, ctx.base, f);
    let host_machine = match ctx.board.board.arch.as_str() {
        "amd64" => "x86_64",
        "arm64" => "aarch64",
        o => o,
    };
    for (k, v) in [
        ("launcher", launcher.clone()),
        ("vm_name", ctx.vm_name(f)),
        ("image", image.to_string()),
        ("firmware_code", code.clone()),
        ("firmware_vars", vars.clone()),
        ("qemu_system", fw.system.clone()),
        ("machine", if q.secure_boot { fw.secure_machine().to_string() } else { fw.machine.clone() }),
        ("host_machine", host_machine.to_string()),
        ("fw_cfg_name", ctx.board.qemu.ignition_fw_cfg().to_string()),
    ] {
        tctx.insert(k, v.into());
    }
    tctx.insert("cpu", fw.cpu.clone().unwrap_or_default().into());
    tctx.insert("secure_boot", q.secure_boot.into());
    let globals: Vec<String> = if q.secure_boot { fw.globals_secure.clone() } else { Vec::new() };
    tctx.insert("qemu_globals", globals.into());
    tctx.insert("memory_mib", q.memory_mib.into());
    tctx.insert("ssh_port", q.ssh_port.into());
    let text = render(&path.display().to_string(), &template, &tctx)?;
    let p = ctx.staging.join(&launcher);
    std::fs::write(&p, text)?;
    std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o755))?;
    Ok(vec![code, vars, launcher])
}

pub(super) fn aws_companions(
    ctx: &Ctx,
    f: &FormatSpec,
    aws: &AwsSpec,
    disk: &PlannedDisk,
    files: &[String],
) -> Result<Vec<String>> {
    let prefix = ctx.prefix(f);
    let arch = match ctx.board.board.arch.as_str() {
        "amd64" => "x86_64",
        "arm64" => "arm64",
        o => bail!("no AWS architecture for {o:?}"),
    };
    let (fmt, key) = match (
        files.iter().find(|n| n.ends_with(".vmdk")),
        files.iter().find(|n| n.ends_with(".bin")),
    ) {
        (Some(v), _) => ("VMDK", v.clone()),
        (None, Some(r)) => ("RAW", r.clone()),
        _ => bail!(
            "{}: the ami format needs a raw or vmdk_stream writer",
            f.file.display()
        ),
    };
    let name = ctx.vm_name(f);
    let import = serde_json::json!({
        "Description": format!("{} {} {} ({})", ctx.board.os.name, ctx.base.version, ctx.board.board.name, f.name),
        "DiskContainer": {
            "Description": key,
            "Format": fmt,
            "UserBucket": { "S3Bucket": "REPLACE-WITH-BUCKET", "S3Key": key },
        },
    });
    let size_gib = disk.size.div_ceil(1 << 30);
    let register = serde_json::json!({
        "Name": name,
        "Description": format!("{} {} ({})", ctx.board.os.name, ctx.base.version, ctx.board.board.name),
        "Architecture": arch,
        "BootMode": aws.boot_mode,
        "EnaSupport": aws.ena_support,
        "SriovNetSupport": aws.sriov_net_support,
        "VirtualizationType": aws.virtualization_type,
        "ImdsSupport": aws.imds_support,
        "RootDeviceName": aws.root_device_name,
        "BlockDeviceMappings": [{
            "DeviceName": aws.root_device_name,
            "Ebs": {
                "SnapshotId": "REPLACE-WITH-SNAPSHOT-ID-FROM-IMPORT-SNAPSHOT",
                "VolumeType": aws.volume_type,
                "VolumeSize": size_gib,
                "DeleteOnTermination": true,
            },
        }],
    });
    let mut out = Vec::new();
    for (suffix, v) in [
        ("_import_snapshot.json", import),
        ("_register_image.json", register),
    ] {
        let n = format!("{prefix}{suffix}");
        std::fs::write(
            ctx.staging.join(&n),
            format!("{}\n", serde_json::to_string_pretty(&v)?),
        )?;
        out.push(n);
    }
    Ok(out)
}


#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline::base::Base;
    use crate::pipeline::ctx::SecureBootInputs;

    fn repo() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
    }

    /// The qemu companions of `format` for a base image directory `dir` (no image needed).
    fn companions(format: &str, dir: &Path, sb: SecureBootInputs) -> Result<(Vec<String>, tempfile::TempDir)> {
        let board = railyard_core::Board::load(&repo(), "amd64-usr")?;
        let base = Base {
            dir: dir.to_path_buf(),
            image: dir.join("x.bin"),
            size: 0,
            table: railyard_disk::gpt::Table { disk_guid: Default::default(), entries: vec![] },
            version: "1.2.3".into(),
            epoch: 1_767_225_600,
            cmdline: String::new(),
            vmlinuz: dir.join("x.vmlinuz"),
        };
        let staging = tempfile::tempdir()?;
        let ctx = Ctx { board: &board, base: &base, staging: staging.path().to_path_buf(), work: staging.path().to_path_buf(), compression: None, secure_boot: sb };
        let f = FormatSpec::load(&repo().join("image-formats"), format)?;
        let q = f.qemu.clone().expect("[qemu]");
        Ok((qemu_companions(&ctx, &f, &q, "disk.img")?, staging))
    }

    #[test]
    fn secure_format_ships_the_smm_firmware_enrolled_vars_and_launcher() {
        for f in ["/usr/share/OVMF/OVMF_CODE_4M.secboot.fd", "/usr/share/OVMF/OVMF_VARS_4M.fd"] {
            assert!(Path::new(f).is_file(), "{f} is missing: install the Debian package ovmf");
        }
        let d = tempfile::tempdir().unwrap();
        // unsigned image: refused, naming the file and how to build a signed one
        let e = format!("{:#}", companions("qemu_uefi_secure", d.path(), SecureBootInputs::default()).unwrap_err());
        assert!(
            e.contains("qemu_uefi_secure: the image in") && e.contains("is not signed for Secure Boot (no railyard_production_image_secure_boot_db.pem)")
                && e.contains("./build_image --secure_boot_key=KEY --secure_boot_cert=CERT"),
            "{e}"
        );
        let pem = d.path().join("railyard_production_image_secure_boot_db.pem");
        let o = std::process::Command::new("openssl")
            .args(["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=db", "-days", "1", "-keyout"])
            .arg(d.path().join("db.key"))
            .arg("-out")
            .arg(&pem)
            .output()
            .expect("openssl (install the Debian package openssl)");
        assert!(o.status.success());
        let der = crate::efivars::certificate_der(&std::fs::read(&pem).unwrap(), "db").unwrap();
        let (files, staging) = companions("qemu_uefi_secure", d.path(), SecureBootInputs::default()).unwrap();
        let p = "railyard_production_qemu_uefi_secure";
        assert_eq!(files, [format!("{p}_efi_code.fd"), format!("{p}_efi_vars.fd"), format!("{p}.sh")]);
        let s = staging.path();
        assert_eq!(std::fs::read(s.join(&files[0])).unwrap(), std::fs::read("/usr/share/OVMF/OVMF_CODE_4M.secboot.fd").unwrap());
        let vars = std::fs::read(s.join(&files[1])).unwrap();
        let v = crate::efivars::read_variables(&vars, "vars").unwrap();
        for n in ["PK", "KEK", "db"] {
            let var = v.iter().find(|x| x.name == n).unwrap();
            assert!(var.data.ends_with(&der), "{n} holds the db certificate (no --secure_boot_pk/kek)");
            assert_eq!(crate::efivars::efi_time_secs(&var.timestamp), Some(1_767_225_600), "the base's epoch");
        }
        assert_eq!(v.iter().find(|x| x.name == "SecureBootEnable").unwrap().data, [1]);
        let sh = std::fs::read_to_string(s.join(&files[2])).unwrap();
        let globals = "-global driver=cfi.pflash01,property=secure,value=on -global ICH9-LPC.disable_s3=1";
        assert!(sh.contains(&format!("-machine q35,smm=on,accel=kvm -cpu host {globals}\"")), "{sh}");
        assert!(sh.contains(&format!("-machine q35,smm=on,accel=tcg {globals}\"")), "{sh}");
        // deterministic
        let (_, again) = companions("qemu_uefi_secure", d.path(), SecureBootInputs::default()).unwrap();
        assert_eq!(std::fs::read(again.path().join(&files[1])).unwrap(), vars);
        // a link planted as the certificate is refused; so is a private key given as the PK
        let linked = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink(&pem, linked.path().join("railyard_production_image_secure_boot_db.pem")).unwrap();
        let e = format!("{:#}", companions("qemu_uefi_secure", linked.path(), SecureBootInputs::default()).unwrap_err());
        assert!(e.contains("not a regular file"), "{e}");
        let sb = SecureBootInputs { pk: Some(d.path().join("db.key")), kek: None };
        let e = format!("{:#}", companions("qemu_uefi_secure", d.path(), sb).unwrap_err());
        assert!(e.contains("--secure_boot_pk") && e.contains("BEGIN CERTIFICATE"), "{e}");
        // the plain format is as before: its own code and the empty template, no -global
        let (files, staging) = companions("qemu_uefi", d.path(), SecureBootInputs::default()).unwrap();
        assert_eq!(std::fs::read(staging.path().join(&files[1])).unwrap(), std::fs::read("/usr/share/OVMF/OVMF_VARS_4M.fd").unwrap());
        let sh = std::fs::read_to_string(staging.path().join(&files[2])).unwrap();
        assert!(sh.contains("-machine q35,accel=kvm -cpu host\"") && !sh.contains("-global") && !sh.contains("Secure Boot"), "{sh}");
    }
}
