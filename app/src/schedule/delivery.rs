//! What happened to an SMS after the gateway took it: the state only moves
//! forward (accepted → delivered), and failed and rejected are final, so a
//! late, repeated or forged report can never make a failed message look
//! delivered, nor a delivered one failed.

/// An SMS's delivery, as the outbox keeps it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Delivery {
    /// The gateway took it (or its operator's centre did).
    Accepted,
    /// The phone received it.
    Delivered,
    /// The operator could not deliver it.
    Failed,
    /// The gateway or operator refused it.
    Rejected,
}

impl Delivery {
    pub fn as_str(self) -> &'static str {
        match self {
            Delivery::Accepted => "accepted",
            Delivery::Delivered => "delivered",
            Delivery::Failed => "failed",
            Delivery::Rejected => "rejected",
        }
    }

    pub fn parse(s: &str) -> Option<Delivery> {
        match s {
            "accepted" => Some(Delivery::Accepted),
            "delivered" => Some(Delivery::Delivered),
            "failed" => Some(Delivery::Failed),
            "rejected" => Some(Delivery::Rejected),
            _ => None,
        }
    }

    /// Nothing comes after it.
    pub fn is_final(self) -> bool {
        !matches!(self, Delivery::Accepted)
    }

    /// A Kannel delivery report's type (`%d`): 1 delivered, 2 failed,
    /// 4 buffered at the operator (nothing new), 8 taken by the operator's
    /// centre, 16 refused by it. Several bits never come together from
    /// Kannel; the most final one wins if they did.
    pub fn from_kannel(report_type: u32) -> Option<Delivery> {
        if report_type & 16 != 0 {
            Some(Delivery::Rejected)
        } else if report_type & 2 != 0 {
            Some(Delivery::Failed)
        } else if report_type & 1 != 0 {
            Some(Delivery::Delivered)
        } else if report_type & 8 != 0 {
            Some(Delivery::Accepted)
        } else {
            None
        }
    }

    /// The state after `report`, or `None` when the report changes nothing
    /// (a repeat, a report of an earlier step arriving late, or anything
    /// after a final state).
    pub fn after(current: Option<Delivery>, report: Delivery) -> Option<Delivery> {
        match current {
            None => Some(report),
            Some(now) if now.is_final() => None,
            Some(now) if report == now => None,
            Some(_) => Some(report),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Delivery::*;
    use super::*;

    #[test]
    fn kannel_report_types() {
        assert_eq!(Delivery::from_kannel(1), Some(Delivered));
        assert_eq!(Delivery::from_kannel(2), Some(Failed));
        assert_eq!(Delivery::from_kannel(4), None, "buffered: nothing new");
        assert_eq!(Delivery::from_kannel(8), Some(Accepted));
        assert_eq!(Delivery::from_kannel(16), Some(Rejected));
        assert_eq!(Delivery::from_kannel(0), None);
        assert_eq!(Delivery::from_kannel(1 | 16), Some(Rejected), "the most final bit wins");
    }

    #[test]
    fn the_state_only_moves_forward() {
        // Nothing yet: any report is taken.
        for report in [Accepted, Delivered, Failed, Rejected] {
            assert_eq!(Delivery::after(None, report), Some(report));
        }
        // Accepted moves on to any final state, and not to itself again.
        assert_eq!(Delivery::after(Some(Accepted), Delivered), Some(Delivered));
        assert_eq!(Delivery::after(Some(Accepted), Failed), Some(Failed));
        assert_eq!(Delivery::after(Some(Accepted), Rejected), Some(Rejected));
        assert_eq!(Delivery::after(Some(Accepted), Accepted), None, "a repeat changes nothing");
        // Final states stay, whatever comes.
        for done in [Delivered, Failed, Rejected] {
            for report in [Accepted, Delivered, Failed, Rejected] {
                assert_eq!(Delivery::after(Some(done), report), None, "{done:?} then {report:?}");
            }
        }
    }

    #[test]
    fn names_round_trip() {
        for d in [Accepted, Delivered, Failed, Rejected] {
            assert_eq!(Delivery::parse(d.as_str()), Some(d));
        }
        assert_eq!(Delivery::parse("sent"), None);
    }
}
