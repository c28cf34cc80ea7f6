//! The Sync screen's decisions: what waits to be sent, and settling parked changes —
//! keep theirs, or apply mine on top (SYNC-2, SYNC-3).

use crate::engine::{internal, now, Trellis};
use crate::sync::reload;
use crate::ApiResult;
use trellis_core::sync::subject;
use trellis_core::wire::{Keep, ParkedChange, QueuedChange, SyncQueue, SyncResolveRequest, SyncStatus};
use trellis_core::{access, Action, Actor, OpId, Permission, Resource, RuleError};

impl Trellis {
    /// The Sync screen: own changes waiting to be sent, and those waiting for a decision.
    pub async fn sync_queue(&self) -> ApiResult<SyncQueue> {
        self.actor().await?;
        let inner = self.read().await;
        let Some(f) = inner.sync.as_ref() else { return Ok(SyncQueue { pending: Vec::new(), parked: Vec::new() }) };
        let pending = f
            .pending
            .iter()
            .map(|p| QueuedChange {
                id: p.envelope.id,
                action: p.envelope.op.action().to_owned(),
                summary: subject(&p.events),
                at: p.envelope.at,
            })
            .collect();
        let parked = f
            .parked
            .iter()
            .map(|p| ParkedChange {
                id: p.envelope.id,
                action: p.envelope.op.action().to_owned(),
                summary: subject(&p.events),
                at: p.envelope.at,
                reason: p.reason.clone(),
            })
            .collect();
        Ok(SyncQueue { pending, parked })
    }

    /// SYNC-2: keep theirs (mine is dropped) or apply mine on top (re-checked as a new
    /// change; refused, it stays parked with the new reason).
    pub async fn sync_resolve(&self, req: SyncResolveRequest) -> ApiResult<SyncStatus> {
        let actor = self.actor().await?;
        let (id, keep) = (OpId::parse(&req.id, "id")?, req.keep);
        self.may_decide(&actor, id, keep).await?;
        {
            let mut inner = self.write().await;
            let inner = &mut *inner;
            let f =
                inner.sync.as_mut().ok_or_else(|| RuleError::not_found("id", "No change is waiting for a decision"))?;
            let mut replica = f.replica(&mut inner.state);
            let label = self.label(&replica.state, &actor);
            let at = now();
            let result: ApiResult<()> = match keep {
                Keep::Theirs => match replica.discard(id) {
                    Some(p) => {
                        let what = format!("{} · kept theirs, mine dropped", p.envelope.op.action());
                        self.store().sync_discard(id, &actor, &label, at, &what).await.map_err(internal)
                    }
                    None => Err(RuleError::not_found("id", format!("No change {id} is waiting for a decision"))),
                },
                Keep::Mine => match replica.retry(id, OpId::new_v7()) {
                    Ok(p) => {
                        let p = p.clone();
                        self.store().sync_retry(id, &p, &label, at).await.map_err(internal)
                    }
                    Err(e) => {
                        if let Some(p) = replica.parked.iter().find(|p| p.envelope.id == id) {
                            let _ = self.store().sync_repark(p, at).await;
                        }
                        Err(e)
                    }
                },
            };
            f.restore(replica, &mut inner.state);
            if matches!(&result, Err(e) if e.code == trellis_core::ErrorCode::Internal) {
                reload(inner, self.store()).await?;
            }
            result?;
        }
        Ok(self.sync_status().await)
    }

    /// A parked change is its author's to decide: "apply mine on top" re-applies it as
    /// them, so only they may; dropping it is theirs or a settings admin's.
    async fn may_decide(&self, actor: &Actor, id: OpId, keep: Keep) -> ApiResult<()> {
        let inner = self.read().await;
        let Some(parked) = inner.sync.as_ref().and_then(|f| f.parked.iter().find(|p| p.envelope.id == id)) else {
            return Ok(()); // the command says "no such change", naming the field
        };
        let e = &parked.envelope;
        let author = match e.actor {
            Actor::Member(m) => Some(m),
            Actor::Partner(_) => e.via,
            Actor::Bootstrap => None,
        };
        if author.is_some_and(|m| Actor::Member(m) == *actor) {
            return Ok(());
        }
        let admin = access::require(&inner.state, actor, Permission::Crud(Resource::Settings, Action::Update)).is_ok();
        if keep == Keep::Theirs && admin {
            return Ok(());
        }
        let who = author.and_then(|m| inner.state.member(m)).map_or("its author".to_owned(), |m| m.email.clone());
        Err(RuleError::forbidden(match keep {
            Keep::Mine => format!("Only {who}, who made this change, can apply it on top"),
            Keep::Theirs => format!("Only {who}, who made this change, or a settings admin can drop it"),
        }))
    }
}
