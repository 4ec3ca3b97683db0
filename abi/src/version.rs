//! ABI version numbers and file tags.
//!
//! A binary records the major/minor version it was built for through its
//! `get_required_hpy_{major,minor}_version_<m>` exports. A loader accepts it
//! when the major versions are equal and the binary's minor is at most the
//! loader's; within a major version nothing ever moves or changes meaning.

/// The HPy release whose public API and universal ABI Hilt is compatible with.
pub const HPY_COMPAT_VERSION: &str = "0.9.0";

/// Major version of the universal ABI (HPy 0.9.0's `HPY_ABI_VERSION`).
pub const ABI_MAJOR: u32 = 0;

/// Minor version of HPy 0.9.0's context: IDs 0..=262.
pub const ABI_MINOR_HPY_0_9: u32 = 0;

/// The newest minor version Hilt's loaders offer.
/// Minor 1 appends IDs 263..=272 (members HPy's main branch added after 0.9.0).
pub const ABI_MINOR_LATEST: u32 = 1;

/// The tag in the file name of a universal binary: `foo.hpy0.so`.
pub const ABI_TAG: &str = "hpy0";

/// Hilt's own additions to the context will start at this ID.
pub const FIRST_HILT_ID: u32 = 273;

/// Why a loader refuses a binary's version request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VersionMismatch {
    /// The binary was built for another major version.
    Major { required: u32, offered: u32 },
    /// The binary needs context members that this loader does not have.
    Minor { required: u32, offered: u32 },
}

impl std::fmt::Display for VersionMismatch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            VersionMismatch::Major { required, offered } => write!(
                f,
                "the module was built for ABI major version {required}, but this loader \
                 implements major version {offered}; rebuild the module against this ABI"
            ),
            VersionMismatch::Minor { required, offered } => write!(
                f,
                "the module needs ABI version {ABI_MAJOR}.{required}, but this loader offers \
                 only up to {ABI_MAJOR}.{offered}; use a newer loader or rebuild the module \
                 with -DHILT_TARGET_ABI_MINOR={offered}"
            ),
        }
    }
}

impl std::error::Error for VersionMismatch {}

/// Decide whether a loader offering `offered_minor` can run a binary that
/// requires `(required_major, required_minor)`.
pub fn check_compatible(
    required_major: u32,
    required_minor: u32,
    offered_minor: u32,
) -> Result<(), VersionMismatch> {
    if required_major != ABI_MAJOR {
        return Err(VersionMismatch::Major { required: required_major, offered: ABI_MAJOR });
    }
    if required_minor > offered_minor {
        return Err(VersionMismatch::Minor { required: required_minor, offered: offered_minor });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_versions_are_accepted() {
        assert_eq!(check_compatible(0, 0, 0), Ok(()));
        assert_eq!(check_compatible(0, 1, 1), Ok(()));
    }

    #[test]
    fn older_minor_runs_on_newer_loader() {
        assert_eq!(check_compatible(0, 0, ABI_MINOR_LATEST), Ok(()));
    }

    #[test]
    fn newer_minor_is_refused_with_a_clear_message() {
        let err = check_compatible(0, 1, 0).unwrap_err();
        assert_eq!(err, VersionMismatch::Minor { required: 1, offered: 0 });
        let msg = err.to_string();
        assert!(msg.contains("needs ABI version 0.1"), "{msg}");
        assert!(msg.contains("offers only up to 0.0"), "{msg}");
    }

    #[test]
    fn other_major_is_refused() {
        let err = check_compatible(1, 0, ABI_MINOR_LATEST).unwrap_err();
        assert_eq!(err, VersionMismatch::Major { required: 1, offered: 0 });
        assert!(err.to_string().contains("major version 1"));
    }
}
