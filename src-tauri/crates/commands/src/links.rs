//! `trellis://` links handed to the running app (issue 19): the shell offers each link it
//! is asked to open (at launch, or by a second launch of the app); the window takes it when
//! it is ready and opens what it names. One waits at a time: a newer link replaces it.

use crate::engine::Trellis;
use crate::ApiResult;
use trellis_core::wire::DeepLink;

impl Trellis {
    /// A link to open, from the command line or another launch of the app.
    pub fn offer_link(&self, link: DeepLink) {
        *self.links.lock().unwrap_or_else(|e| e.into_inner()) = Some(link);
    }

    /// The link waiting for the window, once (anyone at the desk: accepting an invitation
    /// needs its code anyway, and the window shows the sign-in screen to whoever is there).
    pub async fn app_take_link(&self) -> ApiResult<Option<DeepLink>> {
        Ok(self.links.lock().unwrap_or_else(|e| e.into_inner()).take())
    }
}
