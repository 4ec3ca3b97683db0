//! Decoding bytes to str with the codecs the VM knows (UTF-8, ASCII,
//! Latin-1) and the error handlers `strict`, `replace`, `ignore` and
//! `backslashreplace`, with CPython's names and messages. As in CPython, the
//! error handler is looked up only when a byte does not decode, so an unknown
//! handler name is a LookupError only then.

use crate::interp::{PyResult, Vm};

/// The canonical name of an encoding the VM decodes, or None.
pub fn codec_name(encoding: &str) -> Option<&'static str> {
    match encoding.to_ascii_lowercase().replace('_', "-").as_str() {
        "utf-8" | "utf8" | "u8" => Some("utf-8"),
        "ascii" | "us-ascii" | "646" => Some("ascii"),
        "latin-1" | "latin1" | "iso-8859-1" | "iso8859-1" | "8859" | "l1" => Some("latin-1"),
        _ => None,
    }
}

/// Decode `b` with `encoding` (None: UTF-8) and the error handler `errors`
/// (None: strict).
pub fn decode(vm: &mut Vm, b: &[u8], encoding: Option<&str>, errors: Option<&str>) -> PyResult<String> {
    let codec = match encoding {
        None => "utf-8",
        Some(e) => match codec_name(e) {
            Some(c) => c,
            None => return Err(vm.err("LookupError", &format!("unknown encoding: {e}"))),
        },
    };
    let mut out = String::with_capacity(b.len());
    let mut pos = 0;
    while pos < b.len() {
        // The next run that decodes, then the bad bytes after it (and why).
        let (good, bad, reason) = match codec {
            "latin-1" => {
                out.extend(b[pos..].iter().map(|c| *c as char));
                break;
            }
            "ascii" => {
                let n = b[pos..].iter().position(|c| *c >= 128).unwrap_or(b.len() - pos);
                (n, 1, "ordinal not in range(128)")
            }
            _ => match std::str::from_utf8(&b[pos..]) {
                Ok(_) => (b.len() - pos, 0, ""),
                Err(e) => {
                    let n = e.valid_up_to();
                    match e.error_len() {
                        None => (n, b.len() - pos - n, "unexpected end of data"),
                        Some(1) if !(0xc2..=0xf4).contains(&b[pos + n]) => (n, 1, "invalid start byte"),
                        Some(k) => (n, k, "invalid continuation byte"),
                    }
                }
            },
        };
        // Only ASCII bytes or valid UTF-8 are in the run.
        out.push_str(std::str::from_utf8(&b[pos..pos + good]).unwrap_or_default());
        pos += good;
        if bad == 0 || pos >= b.len() {
            break;
        }
        match errors.unwrap_or("strict") {
            "strict" => {
                let at = if bad == 1 {
                    format!("byte 0x{:02x} in position {pos}", b[pos])
                } else {
                    format!("bytes in position {pos}-{}", pos + bad - 1)
                };
                return Err(vm.err("UnicodeDecodeError", &format!("'{codec}' codec can't decode {at}: {reason}")));
            }
            "replace" => out.push('\u{fffd}'),
            "ignore" => {}
            "backslashreplace" => {
                for c in &b[pos..pos + bad] {
                    out.push_str(&format!("\\x{c:02x}"));
                }
            }
            other => return Err(vm.err("LookupError", &format!("unknown error handler name '{other}'"))),
        }
        pos += bad;
    }
    Ok(out)
}
