//! The retry budget: one token bucket per client, shared by its clones, that every retry draws
//! from and every success refills, so that an outage that fails a thousand calls at once costs
//! about a thousand requests plus the budget, not four thousand (the AWS SDKs' "retry quota").

use std::sync::atomic::{AtomicU32, Ordering};

/// How a client caps the retries of all its calls together, set on its
/// [`RetryPolicy`](crate::RetryPolicy). The defaults are the AWS SDKs' standard mode: 500 tokens,
/// 5 per retry, 10 per retry after a timeout, 1 back per call that succeeds at once; a call
/// that succeeds after retries gives back what its retries took. When the budget cannot pay
/// for a retry, the call ends at once with
/// [`Error::RetryBudgetSpent`](crate::Error::RetryBudgetSpent).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryBudget {
    capacity: u32,
    retry_cost: u32,
    timeout_retry_cost: u32,
    success_refill: u32,
}

impl Default for RetryBudget {
    fn default() -> Self {
        Self {
            capacity: 500,
            retry_cost: 5,
            timeout_retry_cost: 10,
            success_refill: 1,
        }
    }
}

impl RetryBudget {
    /// The tokens the budget holds when full (and when the client is built).
    pub fn capacity(mut self, tokens: u32) -> Self {
        self.capacity = tokens;
        self
    }

    /// What a retry costs.
    pub fn retry_cost(mut self, tokens: u32) -> Self {
        self.retry_cost = tokens;
        self
    }

    /// What a retry after a timed-out attempt costs.
    pub fn timeout_retry_cost(mut self, tokens: u32) -> Self {
        self.timeout_retry_cost = tokens;
        self
    }

    /// What a call that succeeds at its first attempt gives back.
    pub fn success_refill(mut self, tokens: u32) -> Self {
        self.success_refill = tokens;
        self
    }

    /// The tokens a full budget holds.
    pub fn tokens(&self) -> u32 {
        self.capacity
    }

    /// What a call that succeeds at once gives back.
    pub(crate) fn refill(&self) -> u32 {
        self.success_refill
    }

    /// What one retry costs: more after a timeout, which may mean an overloaded server.
    pub(crate) fn cost(&self, after_timeout: bool) -> u32 {
        if after_timeout {
            self.timeout_retry_cost
        } else {
            self.retry_cost
        }
    }
}

/// The tokens left in one client's budget.
#[derive(Debug)]
pub(crate) struct Quota {
    available: AtomicU32,
}

impl Quota {
    /// A full budget of `budget`'s capacity.
    pub(crate) fn new(budget: &RetryBudget) -> Self {
        Self {
            available: AtomicU32::new(budget.capacity),
        }
    }

    /// Takes `cost` tokens for a retry; `false` (and nothing taken) when fewer are left.
    pub(crate) fn take(&self, cost: u32) -> bool {
        self.available
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |left| {
                left.checked_sub(cost)
            })
            .is_ok()
    }

    /// Gives `tokens` back, up to `budget`'s capacity.
    pub(crate) fn give(&self, tokens: u32, budget: &RetryBudget) {
        let _ = self
            .available
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |left| {
                Some(left.saturating_add(tokens).min(budget.capacity))
            });
    }

    /// The tokens left.
    #[cfg(test)]
    pub(crate) fn available(&self) -> u32 {
        self.available.load(Ordering::Acquire)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_empty_the_budget_and_successes_refill_it() {
        let budget = RetryBudget::default();
        let quota = Quota::new(&budget);
        let mut retries = 0;
        while quota.take(budget.cost(false)) {
            retries += 1;
        }
        assert_eq!(retries, 100, "500 tokens at 5 a retry");
        assert!(!quota.take(budget.cost(true)));
        quota.give(budget.success_refill, &budget);
        assert_eq!(quota.available(), 1);
        for _ in 0..4 {
            quota.give(budget.success_refill, &budget);
        }
        assert!(
            quota.take(budget.cost(false)),
            "five successes pay for a retry"
        );
        quota.give(10_000, &budget);
        assert_eq!(quota.available(), 500, "never above the capacity");
    }
}
