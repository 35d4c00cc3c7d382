// A migration cannot be built by hand: only `Migration::open` and `AnyMigration::resume`.
use kwanus_migration::{Detection, Migration};

fn main() {
    let _m: Migration<Detection> = Migration { core: todo!(), stage: std::marker::PhantomData };
}
