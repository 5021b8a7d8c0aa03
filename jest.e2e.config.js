/**
 * The staff pages in a real browser (npm run test:e2e): builds the admin panel once, then drives Debian's chromium.
 * Kept apart from jest.config.js so `npm test` never needs a browser or an admin build.
 * @type {import('jest').Config}
 */
module.exports = {
  testEnvironment: 'node',
  modulePathIgnorePatterns: ['<rootDir>/dist/'],
  roots: ['<rootDir>/tests/e2e'],
  testMatch: ['**/*.e2e.ts'],
  transform: {
    '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022' } }],
    // oidc-provider, jose and file-type (with its helpers) are ES modules; Node loads them with require(), Jest's
    // module loader cannot.
    '/node_modules/(oidc-provider|jose|file-type|strtok3|token-types|uint8array-extras|@tokenizer/inflate|@borewit/text-codec)/.+\\.js$': ['@swc/jest', { jsc: { target: 'es2022' }, module: { type: 'commonjs' } }],
  },
  transformIgnorePatterns: ['/node_modules/(?!(oidc-provider|jose|file-type|strtok3|token-types|uint8array-extras|@tokenizer/inflate|@borewit/text-codec)/)'],
  globalSetup: '<rootDir>/tests/e2e/support/global-setup.ts',
  testTimeout: 120000,
  forceExit: true,
};
