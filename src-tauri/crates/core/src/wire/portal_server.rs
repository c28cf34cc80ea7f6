//! The portal server's own requests (PORT-1, PORT-3, PORT-4): signing in and out and
//! changing the password. Who acts comes from the server's session cookie, never from a
//! request body.

use crate::sensitive::Sensitive;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// PORT-1: a partner user signs in with their email and password.
#[derive(Clone, Debug, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct PortalSignInRequest {
    pub email: String,
    #[ts(type = "string")]
    pub password: Sensitive<String>,
}

/// Who is signed in to the portal, and whether they must change their password first.
#[derive(Clone, Debug, Serialize, TS)]
pub struct PortalWhoami {
    pub user_name: String,
    pub user_email: String,
    pub account: String,
    /// PORT-3: only changing the password or signing out is allowed until it is changed.
    pub must_change: bool,
}

/// PORT-4: re-authentication first, then the new password against the live policy.
#[derive(Clone, Debug, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct PortalChangePasswordRequest {
    #[ts(type = "string")]
    pub current_password: Sensitive<String>,
    #[ts(type = "string")]
    pub new_password: Sensitive<String>,
}

/// PORT-1: the code from an invitation link (the page reads it from the URL's fragment,
/// which no server or proxy logs).
#[derive(Clone, Debug, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct PortalInvitationRequest {
    #[ts(type = "string")]
    pub code: Sensitive<String>,
}

/// Whom a valid invitation link is for.
#[derive(Clone, Debug, Serialize, TS)]
pub struct PortalInvitee {
    pub user_name: String,
    pub user_email: String,
    pub account: String,
    pub workspace: String,
    /// They have a password already: the link resets it (forgot password, SEC-6).
    pub resetting: bool,
}

/// SEC-6: "Forgot your password?" on the sign-in page.
#[derive(Clone, Debug, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct PortalForgotRequest {
    pub email: String,
}

/// The one answer to a forgotten password, whether or not the email has access.
#[derive(Clone, Debug, Serialize, TS)]
pub struct PortalForgotAnswer {
    pub message: String,
}

/// PORT-1: set the password with the link's code (against the live policy, WS-4).
#[derive(Clone, Debug, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct PortalAcceptRequest {
    #[ts(type = "string")]
    pub code: Sensitive<String>,
    #[ts(type = "string")]
    pub password: Sensitive<String>,
}
