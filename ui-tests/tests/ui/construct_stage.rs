// Stage types cannot be made outside the crate.
use kwanus_migration::Detection;

fn main() {
    let _stage = Detection;
}
