//! Atlas's error answers shared by several resources.

use crate::testing::Reply;

/// `404 GROUP_NOT_FOUND`.
pub(super) fn group_not_found(group_id: &str) -> Reply {
    Reply::atlas_error(
        404,
        "GROUP_NOT_FOUND",
        &format!("No group with ID {group_id} exists."),
    )
}

/// `400 GROUP_MISMATCH`: a body names another project than the path.
pub(super) fn group_mismatch(group_id: &str) -> Reply {
    Reply::atlas_error(
        400,
        "GROUP_MISMATCH",
        &format!("The specified group ID {group_id} does not match the URL."),
    )
}
