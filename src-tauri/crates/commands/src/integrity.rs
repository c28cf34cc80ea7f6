//! RPT-6: the journal's anchor and its verification, and the same for the shared log.

use crate::engine::{internal, Trellis};
use crate::sync::remote_err;
use crate::ApiResult;
use trellis_core::chain::{self, Link};
use trellis_core::wire::{AuditAnchor, AuditVerification, AuditVerifyRequest, ChainCheck, ChainHead};
use trellis_core::{Action, Millis, Permission, Resource, RuleError};
use trellis_store::{Anchor, Break};

fn when(at: Millis) -> String {
    jiff::Timestamp::from_millisecond(at)
        .map_or_else(|_| at.to_string(), |t| t.strftime("%Y-%m-%d %H:%M:%S UTC").to_string())
}

fn head(a: &Anchor) -> ChainHead {
    ChainHead { position: a.seq, link: chain::hex(&a.link), at: Some(a.at) }
}

fn parse_link(h: &ChainHead, what: &str) -> ApiResult<Link> {
    chain::parse_hex(&h.link)
        .ok_or_else(|| RuleError::invalid("anchor", format!("The anchor's {what} link is not 64 hex digits")))
}

/// Where the chain breaks, in words that name the entry.
fn problem(b: &Break, anchor: Option<&Anchor>) -> (i64, String) {
    match b {
        Break::Missing { after, next: Some(next) } if *next == after + 2 => {
            (after + 1, format!("Entry {} is missing: the journal goes from entry {after} to entry {next}", after + 1))
        }
        Break::Missing { after, next: Some(next) } => (
            after + 1,
            format!("Entries {} to {} are missing: the journal goes from entry {after} to entry {next}", after + 1, next - 1),
        ),
        Break::Missing { after, next: None } => (
            after + 1,
            format!(
                "The journal ends at entry {after}, but the anchor names entry {}: the newest entries were removed",
                anchor.map_or(after + 1, |a| a.seq)
            ),
        ),
        Break::Mismatch { seq, at, action, target } => (
            *seq,
            format!(
                "Entry {seq} ({action} · {target}, {}) does not match its link: it, or an entry before it, was changed or moved",
                when(*at)
            ),
        ),
        Break::AnchorDiffers { seq } => (
            *seq,
            format!("Entry {seq} is not the entry the anchor names: the journal up to it was rewritten"),
        ),
    }
}

impl Trellis {
    /// RPT-6: the heads to keep elsewhere — the journal's and, for a shared workspace, the
    /// shared log's as this desktop chained it.
    pub async fn audit_anchor(&self) -> ApiResult<AuditAnchor> {
        self.require(Permission::Crud(Resource::AuditLog, Action::Read)).await?;
        let store = self.store();
        let journal = store.journal_anchor().await.map_err(internal)?.as_ref().map(head);
        let (workspace, shared) = {
            let inner = self.read().await;
            let name = inner.state.workspace().map(|w| w.name.clone()).unwrap_or_default();
            (name, inner.sync.as_ref().map(|f| f.workspace))
        };
        let shared_log = match shared {
            Some(_) => {
                let (at, link) = store.log_chain().await.map_err(internal)?;
                (at > 0).then(|| ChainHead { position: at as i64, link: chain::hex(&link), at: None })
            }
            None => None,
        };
        Ok(AuditAnchor { workspace, taken_at: crate::engine::now(), journal, shared_log })
    }

    /// RPT-6: recomputes the journal's chain (and, asked, the shared log's) and names the
    /// first entry that does not match; with an anchor, its heads must still be there.
    pub async fn audit_verify(&self, req: AuditVerifyRequest) -> ApiResult<AuditVerification> {
        self.require(Permission::Crud(Resource::AuditLog, Action::Read)).await?;
        let anchor = match req.anchor.as_ref().and_then(|a| a.journal.as_ref()) {
            Some(h) => Some(Anchor { seq: h.position, link: parse_link(h, "journal")?, at: h.at.unwrap_or_default() }),
            None => None,
        };
        let shared_anchor = match req.anchor.as_ref().and_then(|a| a.shared_log.as_ref()) {
            Some(h) => Some((u64::try_from(h.position).unwrap_or(0), parse_link(h, "shared log")?)),
            None => None,
        };
        let v = self.store().journal_verify(anchor.as_ref()).await.map_err(internal)?;
        let (broken_at, problem) = match &v.broken {
            Some(b) => {
                let (at, text) = problem(b, anchor.as_ref());
                (Some(at), Some(text))
            }
            None => (None, None),
        };
        let journal = ChainCheck {
            entries: v.entries,
            head: v.head.as_ref().map(head),
            intact: v.broken.is_none(),
            broken_at,
            problem,
            anchored: anchor.is_some(),
        };
        let shared_log = if req.shared || shared_anchor.is_some() {
            Some(self.verify_shared_log(shared_anchor).await?)
        } else {
            None
        };
        Ok(AuditVerification { journal, shared_log })
    }

    /// Reads the shared log again from its first row and recomputes its chain: at the
    /// position this desktop chained to, and at a saved anchor's, the links must match.
    async fn verify_shared_log(&self, anchor: Option<(u64, Link)>) -> ApiResult<ChainCheck> {
        let Some(workspace) = self.read().await.sync.as_ref().map(|f| f.workspace) else {
            return Err(RuleError::rule(
                Some("shared"),
                "This workspace is not shared: there is no shared log to verify",
            ));
        };
        let (mine_at, mine) = self.store().log_chain().await.map_err(internal)?;
        let (_, remote) = self.remote().await?;
        let remote_head = remote.head(workspace).await.map_err(remote_err)?;
        let digests = remote.digests(workspace, 0, remote_head).await.map_err(remote_err)?;
        let mut link = chain::GENESIS;
        let mut checks: Vec<(u64, Link, &str)> = Vec::new();
        if mine_at > 0 {
            checks.push((mine_at, mine, "this desktop took in"));
        }
        if let Some((at, l)) = anchor {
            checks.push((at, l, "the anchor names"));
        }
        checks.sort_by_key(|c| c.0);
        let mut problem = None;
        let mut broken_at = None;
        let mut pending = checks.iter().peekable();
        for (i, d) in digests.iter().enumerate() {
            link = chain::log_link(&link, d);
            let pos = i as u64 + 1;
            while let Some((at, want, whose)) = pending.next_if(|c| c.0 == pos) {
                if *want != link && problem.is_none() {
                    broken_at = Some(*at as i64);
                    problem = Some(format!(
                        "The shared log up to position {at} is not what {whose}: a row at or before it was changed or removed"
                    ));
                }
            }
        }
        if problem.is_none() {
            if let Some((at, _, whose)) = pending.next() {
                broken_at = Some(digests.len() as i64 + 1);
                problem = Some(format!(
                    "The shared log holds {} rows, but {whose} position {at}: rows were removed",
                    digests.len()
                ));
            }
        }
        Ok(ChainCheck {
            entries: digests.len() as u64,
            head: Some(ChainHead { position: digests.len() as i64, link: chain::hex(&link), at: None }),
            intact: problem.is_none(),
            broken_at,
            problem,
            anchored: anchor.is_some(),
        })
    }
}
