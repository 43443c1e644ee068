//! Companion files of a format: the UEFI firmware and the QEMU launcher script (templated),
//! and the AWS import/register JSON.

use super::oem::{render, template_ctx};
use super::spec::{AwsSpec, FormatSpec, QemuSpec};
use super::ctx::Ctx;
use anyhow::{bail, Context, Result};
use railyard_disk::PlannedDisk;
use std::os::unix::fs::PermissionsExt;

pub(super) fn qemu_companions(ctx: &Ctx, f: &FormatSpec, q: &QemuSpec, image: &str) -> Result<Vec<String>> {
    let fw = &ctx.board.qemu;
    let prefix = ctx.prefix(f);
    let code = format!("{prefix}_efi_code.fd");
    let vars = format!("{prefix}_efi_vars.fd");
    for (src, dst) in [(&fw.firmware_code, &code), (&fw.firmware_vars, &vars)] {
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
        ("machine", fw.machine.clone()),
        ("host_machine", host_machine.to_string()),
        ("fw_cfg_name", format!("opt/org.{}/config", ctx.board.os.id)),
    ] {
        tctx.insert(k, v.into());
    }
    tctx.insert("cpu", fw.cpu.clone().unwrap_or_default().into());
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

