// The conformance suite (conformance.mjs) for the second half of its settings
// groups (high contrast); conformance-1.test.mjs checks the other half, side
// by side with this one.
process.env.HAPPYLIFE_CONFORMANCE_PART = '2/2';
await import('./conformance.mjs');
