//! `rchecksum`: `crc32(data, value=0)` and `adler32(data, value=1)` with
//! zlib's results, computed by the Rust crates `crc32fast` and `adler`;
//! written with `hilt-ext`, built as one `.hpy0.so` for every backend.

use hilt_ext::{hilt_module, Arg, Ctx, Error, Owned};

/// The (data, start value) of a checksum call; `default` when no value.
fn checksum_args<'c>(ctx: &'c Ctx, args: &[Arg], name: &str, default: u64) -> Result<(Owned<'c>, u32), Error> {
    let (data, value) = match args {
        [data] => (data, default),
        [data, value] => (data, ctx.u64_mask(value)?),
        _ => return Err(Error::type_error(format!("{name}() takes 1 or 2 arguments ({} given)", args.len()))),
    };
    Ok((ctx.to_bytes(data)?, (value & 0xffff_ffff) as u32))
}

fn crc32<'c>(ctx: &'c Ctx, args: &[Arg]) -> Result<Owned<'c>, Error> {
    let (data, start) = checksum_args(ctx, args, "crc32", 0)?;
    let mut h = crc32fast::Hasher::new_with_initial(start);
    h.update(ctx.bytes_data(&data)?);
    ctx.int_from_u64(u64::from(h.finalize()))
}

fn adler32<'c>(ctx: &'c Ctx, args: &[Arg]) -> Result<Owned<'c>, Error> {
    let (data, start) = checksum_args(ctx, args, "adler32", 1)?;
    let mut a = adler::Adler32::from_checksum(start);
    a.write_slice(ctx.bytes_data(&data)?);
    ctx.int_from_u64(u64::from(a.checksum()))
}

/// Panics on purpose: shows a panic becomes a SystemError.
fn panics<'c>(_ctx: &'c Ctx, _args: &[Arg]) -> Result<Owned<'c>, Error> {
    panic!("this function always panics")
}

hilt_module!(
    name: "rchecksum",
    doc: "zlib-compatible crc32 and adler32, computed in Rust.",
    functions: [
        crc32: "crc32(data, value=0): the CRC-32 of data, continuing from value.",
        adler32: "adler32(data, value=1): the Adler-32 of data, continuing from value.",
        panics: "panics(): always panics (a test of the panic barrier).",
    ]
);
