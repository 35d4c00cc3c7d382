//! Seed map: written next.
