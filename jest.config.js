/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  modulePathIgnorePatterns: ["<rootDir>/dist/"],
  roots: ['<rootDir>/tests'],
  testMatch: ['**/*.test.ts'],
  // Only TypeScript is transformed: the compiled Strapi app in dist/ is loaded as it is.
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022' } }] },
  globalSetup: '<rootDir>/tests/helpers/global-setup.ts',
  testTimeout: 60000,
  // A failed boot can leave Strapi's handles open; never let that hang CI.
  forceExit: true,
};
