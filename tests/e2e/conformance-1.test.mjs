// The conformance suite (conformance.mjs) for the first half of its settings
// groups (normal contrast); conformance-2.test.mjs checks the other half, side
// by side with this one. `cargo xtask gallery` runs this file (its gallery mode uses the first group only).
process.env.HAPPYLIFE_CONFORMANCE_PART = '1/2';
await import('./conformance.mjs');
