module.exports = {
  skipFiles: ["test/"],
  istanbulReporter: ["json-summary", "text-summary", "lcov"],
  configureYulOptimizer: true,
  // OZ's nonReentrant failure side is exercised by the reentrancy attack tests, but the
  // instrumentation cannot attribute it to each guarded function.
  modifierWhitelist: ["nonReentrant"],
};
