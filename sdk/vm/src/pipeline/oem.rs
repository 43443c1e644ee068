//! Per-format disk changes: the OEM files written into the OEM ext4 (debugfs script), kernel
//! arguments appended to the loader entry in the ESP (mtools), and the template rendering
//! both use.

use super::spec::{FormatSpec, TEMPLATE_FUEL};
use super::base::Base;
use anyhow::{bail, Context, Result};
use railyard_core::{Board, Cmd};
use railyard_disk::layout::Role;
use railyard_disk::PlannedDisk;
use std::collections::BTreeMap;
use std::fs::File;
use std::path::Path;

pub(super) fn template_ctx(
    board: &Board,
    b: &Base,
    f: &FormatSpec,
) -> BTreeMap<&'static str, minijinja::Value> {
    let mut m = BTreeMap::new();
    m.insert("os_id", board.os.id.clone().into());
    m.insert("os_name", board.os.name.clone().into());
    m.insert("version", b.version.clone().into());
    m.insert("board", board.board.name.clone().into());
    m.insert("arch", board.board.arch.clone().into());
    m.insert("format", f.name.clone().into());
    m.insert(
        "oem_id",
        f.oem
            .as_ref()
            .map(|o| o.id.clone())
            .unwrap_or_default()
            .into(),
    );
    m.insert(
        "oem_name",
        f.oem
            .as_ref()
            .map(|o| o.name.clone())
            .unwrap_or_default()
            .into(),
    );
    m
}

pub(super) fn render(
    name: &str,
    template: &str,
    ctx: &BTreeMap<&'static str, minijinja::Value>,
) -> Result<String> {
    let mut env = minijinja::Environment::new();
    env.set_undefined_behavior(minijinja::UndefinedBehavior::Strict);
    env.set_keep_trailing_newline(true);
    env.set_fuel(Some(TEMPLATE_FUEL));
    env.add_template(name, template)
        .with_context(|| format!("parsing template {name}"))?;
    env.get_template(name)?
        .render(ctx)
        .with_context(|| format!("rendering template {name}"))
}

/// Writes the format's OEM files into the OEM ext4 of `raw` (debugfs, owner root, times at
/// the epoch, sorted order).
pub(super) fn write_oem(
    raw: &Path,
    disk: &PlannedDisk,
    f: &FormatSpec,
    ctx: &BTreeMap<&'static str, minijinja::Value>,
    work: &Path,
    epoch: u64,
) -> Result<()> {
    let Some(oem) = &f.oem else { return Ok(()) };
    if oem.files.is_empty() {
        return Ok(());
    }
    let part = disk.by_role(Role::Oem).with_context(|| {
        format!(
            "{}: OEM files requested but the layout has no OEM partition",
            f.file.display()
        )
    })?;
    let dir = work.join(format!("oem-{}", f.name));
    std::fs::create_dir_all(&dir)?;
    let q = |s: &str| format!("\"{s}\"");
    let host_dir = dir.to_string_lossy();
    if host_dir.chars().any(|c| c == '"' || c == '\\' || c.is_control()) {
        bail!(
            "work directory {host_dir:?}: debugfs scripts cannot name a path with quotes, backslashes or control characters"
        );
    }
    let mut script = String::new();
    let mut dirs = std::collections::BTreeSet::new();
    for (i, (path, tmpl)) in oem.files.iter().enumerate() {
        let mut acc = String::new();
        let comps: Vec<&str> = path.split('/').collect();
        for c in &comps[..comps.len() - 1] {
            acc.push('/');
            acc.push_str(c);
            if dirs.insert(acc.clone()) {
                script.push_str(&format!(
                    "mkdir {}\nsif {p} mode 040755\nsif {p} uid 0\nsif {p} gid 0\n",
                    q(&acc),
                    p = q(&acc)
                ));
            }
        }
        let text = render(
            &format!("{}:[oem.files] {path}", f.file.display()),
            tmpl,
            ctx,
        )?;
        let host = dir.join(format!("f{i}"));
        std::fs::write(&host, text)?;
        let p = format!("/{path}");
        script.push_str(&format!(
            "rm {p}\nwrite {} {p}\nsif {p} mode 0100644\nsif {p} uid 0\nsif {p} gid 0\n",
            q(&host.to_string_lossy()),
            p = q(&p)
        ));
    }
    let cmds = dir.join("debugfs.cmds");
    std::fs::write(&cmds, script)?;
    let (_, err) = Cmd::new(
        format!("writing the {} OEM files (debugfs)", f.name),
        "debugfs",
    )
    .epoch(epoch)
    .arg("-w")
    .arg("-f")
    .arg(&cmds)
    .arg(format!("{}?offset={}", raw.display(), part.start))
    .output_both()?;
    let text = String::from_utf8_lossy(&err);
    // `rm` of a file that is not there yet is expected; anything else is a failure.
    if let Some(l) = text.lines().find(|l| {
        !l.trim().is_empty()
            && !l.starts_with("debugfs ")
            && !l.contains("File not found by ext2_lookup")
    }) {
        bail!(
            "writing OEM files of {} with debugfs failed: {l} (script {})",
            f.name,
            cmds.display()
        );
    }
    Ok(())
}

pub(super) fn mtools(what: String, img: &str, epoch: u64) -> Cmd {
    Cmd::new(what, "mcopy")
        .epoch(epoch)
        .env("MTOOLS_SKIP_CHECK", "1")
        .arg("-i")
        .arg(img)
}

/// Appends the format's kernel arguments to the command line of USR-A's unified kernel image
/// on the ESP (`EFI/Linux/usr-a.efi`: the image is re-assembled with the new `.cmdline`).
pub(super) fn add_kernel_args(
    raw: &Path,
    disk: &PlannedDisk,
    _board: &Board,
    f: &FormatSpec,
    work: &Path,
    epoch: u64,
) -> Result<()> {
    if f.kernel_args.is_empty() {
        return Ok(());
    }
    let esp = disk
        .by_role(Role::Esp)
        .context("the layout has no EFI system partition")?;
    let usr = disk
        .by_role(Role::UsrA)
        .context("the layout has no USR-A partition")?;
    let img = format!("{}@@{}", raw.display(), esp.start);
    let entry = railyard_image::uki::esp_path(&usr.label);
    let local = work.join(format!("uki-{}.efi", f.name));
    let _ = std::fs::remove_file(&local);
    mtools(format!("reading {entry} from the ESP"), &img, epoch)
        .arg("-n")
        .arg(format!("::/{entry}"))
        .arg(&local)
        .run()?;
    let uki = std::fs::read(&local)?;
    if railyard_secureboot::is_signed(&uki).unwrap_or(false) {
        // the signature covers the command line: this format's image boots with Secure
        // Boot off (qemu_uefi_secure adds no arguments and keeps the signed files)
        eprintln!(
            "image_to_vm: {}: adding the kernel arguments {} to {entry} removes its Secure Boot signature (this format boots with Secure Boot off; qemu_uefi_secure keeps the signed image)",
            f.name,
            f.kernel_args.join(" ")
        );
    }
    let (stub, osrel, cmdline, kernel, initrd) = railyard_image::uki::split(&uki, &format!("the ESP's {entry}"))?;
    let cmdline = String::from_utf8(cmdline).with_context(|| format!("the ESP's {entry}: the command line is not UTF-8"))?;
    let osrel = String::from_utf8(osrel).with_context(|| format!("the ESP's {entry}: os-release is not UTF-8"))?;
    let mut words: Vec<&str> = cmdline.split_whitespace().collect();
    for a in &f.kernel_args {
        let key = a.split('=').next().unwrap_or(a);
        words.retain(|w| w.split('=').next() != Some(key) || w == a);
        if !words.contains(&a.as_str()) {
            words.push(a);
        }
    }
    let new = railyard_image::uki::assemble(&stub, &entry, &osrel, &words.join(" "), &kernel, &initrd)?;
    std::fs::write(&local, new)?;
    File::options()
        .write(true)
        .open(&local)?
        .set_modified(std::time::UNIX_EPOCH + std::time::Duration::from_secs(epoch))?;
    mtools(format!("writing {entry} into the ESP"), &img, epoch)
        .args(["-m", "-o"])
        .arg(&local)
        .arg(format!("::/{entry}"))
        .run()?;
    let _ = std::fs::remove_file(&local);
    Ok(())
}


#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runaway_template_loop_stops_with_a_clear_error() {
        let ctx = BTreeMap::new();
        let t = "{% for i in range(100000) %}{% for j in range(100000) %}x{% endfor %}{% endfor %}";
        let e = format!("{:#}", render("loop.j2", t, &ctx).unwrap_err());
        assert!(e.contains("rendering template loop.j2") && e.contains("fuel"), "{e}");
        assert_eq!(render("ok.j2", "{% for i in range(3) %}{{ i }}{% endfor %}", &ctx).unwrap(), "012");
    }
}
