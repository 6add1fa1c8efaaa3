module.exports = {
  skipFiles: ["test/"],
  istanbulReporter: ["json-summary", "text-summary", "lcov"],
  configureYulOptimizer: true,
};
