/** Unit, contract and HTTP tests. End-to-end tests in a browser live in jest.e2e.config.js. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/e2e/', '<rootDir>/test/faults/'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { diagnostics: false }],
    '/node_modules/jose/.+\\.js$': '<rootDir>/test/support/esmToCjs.js',
  },
  transformIgnorePatterns: ['/node_modules/(?!jose/)'],
  testTimeout: 30000,
  // Every card the bot sends over HTTP in any test is checked against the Adaptive Cards schema.
  setupFilesAfterEnv: ['<rootDir>/test/support/setupCardCheck.ts'],
};
