//! The real OS keyring of this machine (keyutils under `keyctl session`, or Secret Service
//! under an unlocked desktop keyring) — no mock.

use trellis_secrets::{SecretStore, Sensitive};

#[test]
fn secrets_round_trip_through_the_os_keyring() {
    let service = format!("trellis-test-{}", std::process::id());
    let store = SecretStore::open(&service).expect("an OS keyring (run under `keyctl session -` when headless)");
    assert_eq!(store.get("session").unwrap(), None);
    store.set("session", &Sensitive::new("s3cr3t-token".to_owned())).unwrap();
    assert_eq!(store.get("session").unwrap().unwrap().expose(), "s3cr3t-token");
    store.set("session", &Sensitive::new("replaced".to_owned())).unwrap();
    assert_eq!(store.get("session").unwrap().unwrap().expose(), "replaced");
    store.delete("session").unwrap();
    assert_eq!(store.get("session").unwrap(), None);
    assert!(!format!("{store:?}").contains("replaced"));
}
