//! A small manual tool around the crate:
//! `sbtool generate CN NOT_BEFORE YEARS KEY_OUT CERT_OUT` and `sbtool sign KEY CERT IN OUT`.

use anyhow::{bail, Context, Result};

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.iter().map(String::as_str).collect::<Vec<_>>().as_slice() {
        ["generate", cn, nb, years, key_out, cert_out] => {
            let (k, c) = railyard_secureboot::generate(cn, nb.parse().context("NOT_BEFORE")?, years.parse().context("YEARS")?)?;
            std::fs::write(key_out, k)?;
            std::fs::write(cert_out, c)?;
        }
        ["sign", key, cert, input, output] => {
            let s = railyard_secureboot::Signer::load(key.as_ref(), cert.as_ref())?;
            let data = std::fs::read(input).with_context(|| format!("reading {input}"))?;
            std::fs::write(output, s.sign(&data, input)?)?;
            println!("signed {input} -> {output} with {} ({})", s.subject(), s.cert_sha256());
        }
        _ => bail!("usage: sbtool generate CN NOT_BEFORE YEARS KEY_OUT CERT_OUT | sbtool sign KEY CERT IN OUT"),
    }
    Ok(())
}
