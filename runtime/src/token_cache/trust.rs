//! What the file store trusts: only a directory the current user owns and nobody else may
//! write to, and only files the user owns, opened without following symbolic links.
//!
//! A token read from the cache is sent as the user's `Authorization`: a file another user
//! planted (or a symlink pointing at one) must never be read. On systems without Unix
//! ownership the checks pass.

use std::fs::{self, File, OpenOptions};
use std::io;
use std::path::Path;

/// Refuses `dir` unless it is a directory owned by the current user and not writable by its
/// group or others.
pub(super) fn check_dir(dir: &Path) -> io::Result<()> {
    let metadata = fs::metadata(dir)?;
    if !metadata.is_dir() {
        return Err(refused(dir, "is not a directory"));
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if metadata.uid() != current_user() {
            return Err(refused(dir, "is owned by another user"));
        }
        if metadata.mode() & 0o022 != 0 {
            return Err(refused(
                dir,
                &format!(
                    "is writable by its group or others (mode {:o})",
                    metadata.mode() & 0o777
                ),
            ));
        }
    }
    Ok(())
}

/// Opens `path` with `options`, refusing a symbolic link in its last component and a file that
/// is not a regular file of the current user.
pub(super) fn open_own(options: &mut OpenOptions, path: &Path) -> io::Result<File> {
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::custom_flags(options, libc::O_NOFOLLOW);
    let file = options.open(path)?;
    let metadata = file.metadata()?;
    if !metadata.is_file() {
        return Err(refused(path, "is not a regular file"));
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if metadata.uid() != current_user() {
            return Err(refused(path, "is owned by another user"));
        }
    }
    Ok(file)
}

/// Whether `file` is readable and writable by its owner only (`0600` or stricter).
pub(super) fn is_private(file: &File) -> io::Result<bool> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        Ok(file.metadata()?.mode() & 0o077 == 0)
    }
    #[cfg(not(unix))]
    {
        let _ = file;
        Ok(true)
    }
}

#[cfg(unix)]
fn current_user() -> u32 {
    // SAFETY: `geteuid` has no preconditions and cannot fail.
    unsafe { libc::geteuid() }
}

fn refused(path: &Path, why: &str) -> io::Error {
    io::Error::new(
        io::ErrorKind::PermissionDenied,
        format!("token cache: {} {why}; not used", path.display()),
    )
}
