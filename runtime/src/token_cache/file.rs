//! The shipped [`TokenStore`]: one JSON file per (base URL, client id), created `0600` in a
//! `0700` directory, with a lock file beside it. Writes go to a temporary file renamed over
//! the entry, so a reader never sees half a token. Only what the user owns is trusted (see
//! [`trust`](super::trust)): a directory of another user's or writable by others is refused,
//! an entry that is not the user's own `0600` file is ignored, and no file is opened through
//! a symbolic link.

use super::entry;
use super::trust::{check_dir, is_private, open_own};
use super::{LockedToken, StoredToken, TokenKey, TokenStore};
use crate::error::{Error, Result};
use std::fs::{self, File, OpenOptions, TryLockError};
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// How long [`FileTokenStore`] waits for another process's lock before giving up (the client
/// then fetches a token of its own).
const LOCK_WAIT: Duration = Duration::from_secs(30);
/// The pause between two attempts at a taken lock.
const LOCK_POLL: Duration = Duration::from_millis(10);
/// The largest entry file read (an entry is a few hundred bytes).
const MAX_ENTRY_BYTES: u64 = 64 * 1024;

/// Tokens kept in files, shared by every process of the user: by default in
/// `$XDG_CACHE_HOME/atlas-endpoint/` (or `~/.cache/atlas-endpoint/`).
#[derive(Debug, Clone)]
pub struct FileTokenStore {
    dir: PathBuf,
}

impl FileTokenStore {
    /// The store in the user's cache directory: `$XDG_CACHE_HOME/atlas-endpoint`, else
    /// `$HOME/.cache/atlas-endpoint`. [`Error::Config`] when neither variable is set.
    pub fn in_user_cache() -> Result<Self> {
        let base = std::env::var_os("XDG_CACHE_HOME")
            .filter(|dir| !dir.is_empty())
            .map(PathBuf::from)
            .or_else(|| {
                std::env::var_os("HOME")
                    .filter(|home| !home.is_empty())
                    .map(|home| PathBuf::from(home).join(".cache"))
            })
            .ok_or_else(|| {
                Error::Config(
                    "no cache directory for the token cache: set XDG_CACHE_HOME or HOME".into(),
                )
            })?;
        Ok(Self::in_dir(base.join("atlas-endpoint")))
    }

    /// The store in `dir` (created, `0700`, when first used).
    pub fn in_dir(dir: impl Into<PathBuf>) -> Self {
        Self { dir: dir.into() }
    }

    /// The directory holding the entries.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The entry file of `key`: `<dir>/<hash of base URL and client id>.json`.
    pub fn path(&self, key: &TokenKey) -> PathBuf {
        self.dir.join(format!("{}.json", entry::digest(key)))
    }
}

impl TokenStore for FileTokenStore {
    fn lock(&self, key: &TokenKey) -> io::Result<Box<dyn LockedToken>> {
        let mut dir = fs::DirBuilder::new();
        dir.recursive(true);
        #[cfg(unix)]
        std::os::unix::fs::DirBuilderExt::mode(&mut dir, 0o700);
        dir.create(&self.dir)?;
        check_dir(&self.dir)?;
        let lock = open_own(
            private_options()
                .read(true)
                .write(true)
                .create(true)
                .truncate(false),
            &self.dir.join(format!("{}.lock", entry::digest(key))),
        )?;
        let started = Instant::now();
        loop {
            match lock.try_lock() {
                Ok(()) => break,
                Err(TryLockError::WouldBlock) if started.elapsed() < LOCK_WAIT => {
                    std::thread::sleep(LOCK_POLL);
                }
                Err(TryLockError::WouldBlock) => {
                    return Err(io::Error::new(
                        io::ErrorKind::TimedOut,
                        format!("the token cache lock was held for over {LOCK_WAIT:?}"),
                    ));
                }
                Err(TryLockError::Error(error)) => return Err(error),
            }
        }
        Ok(Box::new(LockedFile {
            _lock: lock,
            path: self.path(key),
            key: key.clone(),
        }))
    }
}

/// An entry under its lock (released when the lock file is closed).
struct LockedFile {
    _lock: File,
    path: PathBuf,
    key: TokenKey,
}

impl LockedToken for LockedFile {
    fn read(&mut self) -> io::Result<Option<StoredToken>> {
        let mut file = match open_own(OpenOptions::new().read(true), &self.path) {
            Ok(file) => file,
            Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(error) => {
                // Another user's file, a symbolic link, a directory: never read, and replaced
                // by the next write.
                tracing::warn!(path = %self.path.display(), %error, "ignoring a token cache entry the user does not own");
                return Ok(None);
            }
        };
        if !is_private(&file)? {
            tracing::warn!(path = %self.path.display(), "ignoring a token cache entry readable by others");
            return Ok(None);
        }
        let mut bytes = Vec::new();
        (&mut file).take(MAX_ENTRY_BYTES).read_to_end(&mut bytes)?;
        let entry = entry::decode(&self.key, &bytes);
        if entry.is_none() {
            tracing::debug!(path = %self.path.display(), "ignoring a corrupt token cache file");
        }
        Ok(entry)
    }

    fn write(&mut self, token: &StoredToken) -> io::Result<()> {
        let bytes = entry::encode(&self.key, token)?;
        let temporary = self.path.with_extension("json.tmp");
        match fs::remove_file(&temporary) {
            Err(error) if error.kind() != io::ErrorKind::NotFound => return Err(error),
            _ => {}
        }
        let mut file = private_options()
            .write(true)
            .create_new(true)
            .open(&temporary)?;
        io::Write::write_all(&mut file, &bytes)?;
        file.sync_all()?;
        fs::rename(&temporary, &self.path)
    }
}

/// Options that create files readable and writable by their owner only (`0600`).
fn private_options() -> OpenOptions {
    let mut options = OpenOptions::new();
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::secret::Secret;
    use std::time::SystemTime;

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!(
            "atlas-endpoint-token-cache-{name}-{}",
            std::process::id()
        ));
        let _ = fs::remove_dir_all(&dir);
        dir
    }

    fn token(value: &str) -> StoredToken {
        StoredToken {
            access_token: Secret::new(value.to_owned()),
            expires_at: SystemTime::now() + Duration::from_secs(3600),
            lifetime: Duration::from_secs(3600),
        }
    }

    #[test]
    fn entries_round_trip_per_key_and_ignore_corruption() {
        let dir = scratch("round-trip");
        let store = FileTokenStore::in_dir(&dir);
        let key = TokenKey::new("https://cloud.mongodb.com/", "mdb_sa_id_1");
        let other = TokenKey::new("https://cloud.mongodbgov.com/", "mdb_sa_id_1");
        assert_ne!(store.path(&key), store.path(&other));
        {
            let mut entry = store.lock(&key).unwrap();
            assert!(entry.read().unwrap().is_none());
            entry.write(&token("tok-1")).unwrap();
        }
        let read = store.lock(&key).unwrap().read().unwrap().unwrap();
        assert_eq!(read.access_token.expose(), "tok-1");
        assert_eq!(read.lifetime, Duration::from_secs(3600));
        assert!(store.lock(&other).unwrap().read().unwrap().is_none());
        fs::write(store.path(&key), b"{\"format\":1,\"access_tok").unwrap();
        assert!(store.lock(&key).unwrap().read().unwrap().is_none());
        let _ = fs::remove_dir_all(&dir);
    }

    #[cfg(unix)]
    #[test]
    fn files_are_private() {
        use std::os::unix::fs::PermissionsExt;
        let dir = scratch("modes");
        let store = FileTokenStore::in_dir(&dir);
        let key = TokenKey::new("https://cloud.mongodb.com/", "mdb_sa_id_2");
        store.lock(&key).unwrap().write(&token("tok-2")).unwrap();
        let mode = |path: &Path| fs::metadata(path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&dir), 0o700);
        assert_eq!(mode(&store.path(&key)), 0o600);
        assert_eq!(mode(&store.path(&key).with_extension("lock")), 0o600);
        let _ = fs::remove_dir_all(&dir);
    }
}
