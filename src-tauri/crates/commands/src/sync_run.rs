//! A sync: push then pull under the shared workspace's row lock, with the password
//! hashes exchanged in the same transaction.

use crate::engine::{internal, now, Trellis};
use crate::sync::{reload, remote_err};
use crate::ApiResult;
use trellis_core::sync::{credential_writer_ok, Envelope, Logged};
use trellis_core::wire::SyncReport;
use trellis_core::RuleError;
use trellis_store::CredentialOut;
use trellis_sync::SharedCredential;

impl Trellis {
    /// Push then pull: under the shared workspace's row lock, takes in what others sent,
    /// re-applies own changes on top (merged or parked), sends what is left, and commits.
    pub async fn sync_now(&self) -> ApiResult<SyncReport> {
        self.actor().await?;
        let result = self.sync_once().await;
        self.note_sync(&result).await;
        result
    }

    /// A sync with nobody signed in: what the background does, and `trellis sync now`.
    /// Syncing moves changes members already made; it makes none of its own.
    pub async fn sync_unattended(&self) -> ApiResult<SyncReport> {
        let result = self.sync_once().await;
        self.note_sync(&result).await;
        result
    }

    /// One step of background sync (SYNC-1): sync if this file follows a shared workspace
    /// (a failed upload is retried here, with no new local change needed), then wait for
    /// another desktop's poke or the poll interval. The shell runs it in a loop.
    pub async fn sync_watch(&self, poke: &mut Option<trellis_sync::Poke>, poll: std::time::Duration) {
        let following = self.read().await.sync.as_ref().map(|f| f.workspace);
        let Some(workspace) = following else {
            tokio::time::sleep(poll).await;
            return;
        };
        let result = self.sync_once().await;
        self.note_sync(&result).await;
        if result.is_err() {
            *poke = None;
        }
        if poke.is_none() {
            if let Ok((_, remote)) = self.remote().await {
                *poke = remote.poke(workspace).await.ok();
            }
        }
        match poke {
            Some(p) => {
                if !p.wait(poll).await {
                    return;
                }
                // A poke: others appended. Coalesce a burst before pulling.
                tokio::time::sleep(std::time::Duration::from_millis(20)).await;
            }
            None => tokio::time::sleep(poll).await,
        }
    }

    async fn note_sync(&self, result: &ApiResult<SyncReport>) {
        let at = now();
        let offline_since = match result {
            Err(e) if e.code == trellis_core::ErrorCode::Internal || e.message.contains("cannot be reached") => {
                Some(self.sync_status().await.offline_since.unwrap_or(at))
            }
            _ => None,
        };
        let error = result.as_ref().err().map(|e| e.message.clone());
        let _ = self.store().sync_note(at, error.as_deref(), offline_since).await;
    }

    pub(crate) async fn sync_once(&self) -> ApiResult<SyncReport> {
        // One sync at a time on this desktop: the acknowledgement below relies on the
        // pending list's front staying what was sent.
        let _gate = self.sync_gate.lock().await;
        let (workspace, head) = {
            let inner = self.read().await;
            let f = inner
                .sync
                .as_ref()
                .ok_or_else(|| RuleError::rule(Some("remote"), "This workspace is not shared yet: publish it first"))?;
            (f.workspace, f.head)
        };
        let (_, remote) = self.remote().await?;
        remote.ensure_current().await.map_err(remote_err)?;
        let login = remote.login().await.map_err(remote_err)?;
        let chain = self.log_chain_to(&remote, workspace, head).await?;
        // The workspace's row lock is held from here to commit: the log cannot move.
        let mut push = remote.push(workspace).await.map_err(remote_err)?;
        let rows: Vec<Logged> = push.fetch_all(head).await.map_err(remote_err)?;
        let store = self.store();
        let credentials_from = store.credentials_head().await.map_err(internal)?;
        let incoming = push.credentials(credentials_from).await.map_err(remote_err)?;
        let credentials_head = incoming.last().map_or(credentials_from, |c| c.seq);

        let mut report = SyncReport::default();
        // Local work under the state's write lock; no network in here.
        let (outgoing, accepted) = {
            // A quiet poll (nothing received) changes the state only if a change is set aside.
            let mut inner = if rows.is_empty() { self.write_quiet().await } else { self.write().await };
            let outgoing = self.integrate_locked(&mut inner, &rows, &login, &mut report).await?;
            if report.parked > 0 {
                self.touched();
            }
            let accepted: Vec<CredentialOut> = incoming
                .into_iter()
                .filter(|c| {
                    let ok = credential_writer_ok(&inner.state, c.kind, c.subject, &c.login);
                    if !ok {
                        tracing::warn!("a password hash written by {} was not theirs to set; ignored", c.login);
                    }
                    ok
                })
                .map(|c| CredentialOut { kind: c.kind, subject: c.subject, phc: c.phc, must_change: c.must_change })
                .collect();
            (outgoing, accepted)
        };

        if !outgoing.is_empty() {
            push.append(&outgoing).await.map_err(remote_err)?;
        }
        let to_share = store.credentials_to_share().await.map_err(internal)?;
        if !to_share.is_empty() {
            let list: Vec<SharedCredential> = to_share
                .iter()
                .map(|c| SharedCredential {
                    seq: 0,
                    kind: c.kind,
                    subject: c.subject,
                    phc: c.phc.clone(),
                    must_change: c.must_change,
                    login: login.clone(),
                })
                .collect();
            push.put_credentials(&list).await.map_err(remote_err)?;
        }
        let digests = push.digests().to_vec();
        push.commit().await.map_err(remote_err)?;

        // The log holds them: acknowledge here. A crash before this line is safe — the
        // next sync finds its own ids in the log and acknowledges them then.
        let n = outgoing.len();
        {
            let mut inner = self.write_quiet().await;
            if let Some(f) = inner.sync.as_mut() {
                f.pending.drain(..n.min(f.pending.len()));
                f.head += n as u64;
                report.head = f.head;
                store.sync_acknowledge(n, f.head).await.map_err(internal)?;
            }
        }
        report.sent = n as u32;
        if let Some((at, link)) = chain.filter(|(at, _)| *at == head) {
            store.log_chain_advance(at, &link, &digests).await.map_err(internal)?;
        }
        store.credentials_take(&accepted, credentials_head, now()).await.map_err(internal)?;
        store.credentials_sent(&to_share).await.map_err(internal)?;
        // MAIL-2: what the log now holds may be mailed, by whichever process sends.
        if let Err(e) = self.mail_share(workspace, &remote).await {
            tracing::warn!("queued mail waits for the next sync: {}", e.message);
        }
        // RPT-4: partner users' last portal sign-ins, kept here for reviews made offline.
        match remote.portal_last_sign_ins(workspace).await {
            Ok(list) => {
                let list: Vec<(String, i64)> = list.into_iter().map(|(c, at)| (c.to_string(), at)).collect();
                store.note_portal_sign_ins(&list).await.map_err(internal)?;
            }
            Err(e) => tracing::warn!("portal sign-ins not read this time: {e}"),
        }
        Ok(report)
    }

    /// RPT-6: this file's chain of the shared log brought up to `head` (from the log
    /// itself, when an upgrade, a join or a sync cut short left it behind); its position
    /// and link, or `None` if the log no longer holds what it should.
    async fn log_chain_to(
        &self,
        remote: &trellis_sync::Remote,
        workspace: uuid::Uuid,
        head: u64,
    ) -> ApiResult<Option<(u64, trellis_core::chain::Link)>> {
        let store = self.store();
        let (at, link) = store.log_chain().await.map_err(internal)?;
        if at >= head {
            return Ok(Some((at, link)));
        }
        let digests = remote.digests(workspace, at, head).await.map_err(remote_err)?;
        if digests.len() as u64 != head - at {
            tracing::warn!(
                "the shared log holds fewer rows than this desktop took in: {} of {}",
                digests.len(),
                head - at
            );
            return Ok(None);
        }
        store.log_chain_advance(at, &link, &digests).await.map_err(internal)?;
        Ok(Some(store.log_chain().await.map_err(internal)?))
    }

    /// Integrates `rows` and checks what is left to send, persisting both; returns what to
    /// send. Should the working copy refuse to write, memory is reloaded from it, so the
    /// two never disagree.
    async fn integrate_locked(
        &self,
        inner: &mut crate::engine::Inner,
        rows: &[Logged],
        login: &str,
        report: &mut SyncReport,
    ) -> ApiResult<Vec<Envelope>> {
        let Some(f) = inner.sync.as_mut() else { return Err(RuleError::rule(Some("remote"), "Not shared")) };
        let mut replica = f.replica(&mut inner.state);
        let got = replica.integrate(rows);
        let others: Vec<_> = got.rows.iter().filter(|(r, _)| !got.acked.contains(&r.envelope.id)).collect();
        self.received.fetch_add(others.len() as u64, std::sync::atomic::Ordering::Relaxed);
        if !others.is_empty() {
            let mut moved = self.moved.lock().unwrap_or_else(|e| e.into_inner());
            for (row, _) in others {
                let area = row.envelope.op.action().split('.').next().unwrap_or_default();
                *moved.entry(area.to_string()).or_default() += 1;
            }
        }
        let labels: Vec<String> = got.rows.iter().map(|(r, _)| self.row_label(&replica.state, &r.envelope)).collect();
        report.received = got.rows.len() as u32;
        report.skipped =
            got.rows.iter().filter(|(_, v)| matches!(v, trellis_core::sync::Verdict::Skipped(_))).count() as u32;
        report.parked = got.parked.len() as u32;
        let at = now();
        let store = self.store();
        let parked_labels = |i: &trellis_core::sync::Integration, state: &trellis_core::State| -> Vec<String> {
            i.parked.iter().map(|p| self.label(state, &p.envelope.actor)).collect()
        };
        let mut saved =
            store.sync_integrate(&got, &labels, &parked_labels(&got, &replica.state), at, replica.head).await;
        if saved.is_ok() {
            let checked = replica.prepare_push(login);
            report.parked += checked.parked.len() as u32;
            if !checked.parked.is_empty() || !checked.merged.is_empty() {
                let names = parked_labels(&checked, &replica.state);
                saved = store.sync_integrate(&checked, &[], &names, at, replica.head).await;
            }
        }
        let outgoing = replica.outgoing();
        report.head = replica.head;
        f.restore(replica, &mut inner.state);
        if let Err(e) = saved {
            reload(inner, store).await?;
            return Err(internal(e));
        }
        Ok(outgoing)
    }
}
