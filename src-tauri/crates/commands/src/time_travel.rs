//! RPT-5: answers about a past moment, over the state rebuilt from the journal — cached,
//! so changing a filter at the same moment does not rebuild it again.

use crate::engine::{internal, now, Trellis};
use crate::ApiResult;
use std::sync::Arc;
use trellis_core::{Millis, RuleError, State};
use trellis_store::Until;

/// The last rebuilt state: for which moment, over which journal head.
#[derive(Default)]
pub(crate) struct PastCache(tokio::sync::Mutex<Option<(Millis, i64, Arc<State>)>>);

impl Trellis {
    /// Runs `f` over the state now (the open draft's, when one is open) or, with `at`, the
    /// state as the journal had it at that moment.
    pub(crate) async fn with_state_at<T>(&self, at: Option<Millis>, f: impl FnOnce(&State) -> T) -> ApiResult<T> {
        let Some(at) = at else {
            let view = self.view().await?;
            return Ok(f(view.state()));
        };
        if at > now() {
            return Err(RuleError::invalid("at", "That moment has not come yet: choose a past date and time"));
        }
        let state = self.state_at(at).await?;
        Ok(f(&state))
    }

    /// The state at `at`, rebuilt or from the cache (valid while the journal has not grown).
    pub(crate) async fn state_at(&self, at: Millis) -> ApiResult<Arc<State>> {
        let head = self.store().journal_anchor().await.map_err(internal)?.map_or(0, |a| a.seq);
        let mut cache = self.past.0.lock().await;
        if let Some((t, h, s)) = cache.as_ref() {
            if *t == at && *h == head {
                return Ok(s.clone());
            }
        }
        let past = self.store().state_at(Until::Time(at)).await.map_err(internal)?;
        if past.seq == 0 || past.state.workspace().is_none() {
            return Err(RuleError::invalid("at", "The workspace did not exist yet at that moment"));
        }
        let state = past.state;
        *cache = Some((at, head, state.clone()));
        Ok(state)
    }
}
