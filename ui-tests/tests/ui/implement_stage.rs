// The Stage trait is sealed: no new stages.
use kwanus_migration::{Stage, StageName};

#[derive(Debug)]
enum Shortcut {}

impl Stage for Shortcut {
    const NAME: StageName = StageName::Continuity;
}

fn main() {}
