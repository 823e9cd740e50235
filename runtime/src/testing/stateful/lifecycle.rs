//! How long a cluster stays in a transitional state (`CREATING`, `UPDATING`, `DELETING`).

use crate::clock::later;
use std::time::Duration;
use tokio::time::Instant;

/// How long the stateful emulator's clusters stay `CREATING`, `UPDATING` or `DELETING`
/// before they are `IDLE` (or gone, after a delete). The answer to the write itself always
/// shows the transitional state, as Atlas's does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Lifecycle {
    polls: u32,
    delay: Duration,
}

impl Lifecycle {
    /// Every read after the write sees the settled state (the default).
    pub fn instant() -> Self {
        Self::default()
    }

    /// The first `polls` reads after the write (a get, or a list that shows the cluster) still
    /// see the transitional state; the next one sees the settled state.
    pub fn after_polls(polls: u32) -> Self {
        Self {
            polls,
            delay: Duration::ZERO,
        }
    }

    /// Reads see the transitional state until `delay` has passed since the write, by tokio's
    /// clock (so a test with a paused clock advances it without waiting).
    pub fn after(delay: Duration) -> Self {
        Self { polls: 0, delay }
    }

    /// A countdown starting now.
    pub(super) fn start(self) -> Countdown {
        Countdown {
            polls: self.polls,
            until: later(Instant::now(), self.delay),
        }
    }
}

/// The time left in one transitional state.
#[derive(Debug, Clone, Copy)]
pub(super) struct Countdown {
    polls: u32,
    until: Instant,
}

impl Countdown {
    /// Whether the state has settled: no poll and no time left.
    fn expired(&self) -> bool {
        self.polls == 0 && Instant::now() >= self.until
    }

    /// One read: whether the state has settled (otherwise one poll fewer to go).
    fn tick(&mut self) -> bool {
        if self.expired() {
            return true;
        }
        self.polls = self.polls.saturating_sub(1);
        false
    }
}

/// Where a cluster is in its life.
#[derive(Debug, Clone, Copy)]
pub(super) enum Phase {
    /// Being created.
    Creating(Countdown),
    /// Running, with no change under way.
    Idle,
    /// Applying an update.
    Updating(Countdown),
    /// Being deleted: gone once settled.
    Deleting(Countdown),
}

impl Phase {
    /// The `stateName` a read sees now, moving the phase on. A deleted cluster reads
    /// `DELETING` until it is [`gone`](Self::gone), whereupon the store drops it.
    pub(super) fn read(&mut self) -> &'static str {
        match self {
            Self::Idle => {}
            Self::Deleting(countdown) => {
                countdown.tick();
            }
            Self::Creating(countdown) | Self::Updating(countdown) => {
                if countdown.tick() {
                    *self = Self::Idle;
                }
            }
        }
        self.state_name()
    }

    /// Whether a deleted cluster has finished deleting: it no longer exists.
    pub(super) fn gone(&self) -> bool {
        matches!(self, Self::Deleting(countdown) if countdown.expired())
    }

    /// The `stateName` Atlas reports in this phase.
    pub(super) fn state_name(&self) -> &'static str {
        match self {
            Self::Creating(_) => "CREATING",
            Self::Idle => "IDLE",
            Self::Updating(_) => "UPDATING",
            Self::Deleting(_) => "DELETING",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_created_cluster_is_creating_for_the_polls_asked_then_idle() {
        let mut phase = Phase::Creating(Lifecycle::after_polls(2).start());
        let seen: Vec<_> = (0..4).map(|_| phase.read()).collect();
        assert_eq!(seen, ["CREATING", "CREATING", "IDLE", "IDLE"]);
    }

    #[test]
    fn a_deleted_cluster_is_deleting_then_gone() {
        let mut phase = Phase::Deleting(Lifecycle::after_polls(1).start());
        assert!(!phase.gone());
        assert_eq!(phase.read(), "DELETING");
        assert!(phase.gone());
        assert!(Phase::Deleting(Lifecycle::instant().start()).gone());
        assert!(!Phase::Idle.gone());
    }

    #[test]
    fn an_endless_delay_never_settles_and_does_not_panic() {
        let mut phase = Phase::Creating(Lifecycle::after(Duration::MAX).start());
        assert_eq!(phase.read(), "CREATING");
        assert!(!Phase::Deleting(Lifecycle::after(Duration::MAX).start()).gone());
    }

    #[tokio::test(start_paused = true)]
    async fn a_delay_holds_the_state_until_the_clock_passes_it() {
        let mut phase = Phase::Updating(Lifecycle::after(Duration::from_secs(60)).start());
        assert_eq!(phase.read(), "UPDATING");
        tokio::time::advance(Duration::from_secs(61)).await;
        assert_eq!(phase.read(), "IDLE");
    }
}
