import fs from 'fs';
import path from 'path';
import { createTestDatabase, dropPgDatabase, TEMPLATE_ENV } from './database';
import { startHelpdesk } from './strapi';

/**
 * The run's template database (globalSetup builds it, globalTeardown drops it): the help desk started once on an empty
 * database and stopped, so it holds the schema, the indexes and the bootstrap's rows. A first start spends about two
 * seconds creating the tables; every test file copies the template instead (a file copy, or CREATE DATABASE …
 * TEMPLATE) and its own start finds nothing to create. The bootstrap still runs on each copy, as on any restart.
 */
export const buildTemplateDatabase = async (): Promise<void> => {
  // Starting Strapi writes its database settings and the test secrets into process.env; the workers forked after
  // this must not inherit them (each test boot sets its own), only where the template is.
  const environment = { ...process.env };
  const database = await createTestDatabase({ empty: true });
  try {
    const app = await startHelpdesk({ database });
    await app.stop({ drop: false });
  } finally {
    for (const key of Object.keys(process.env)) if (!(key in environment)) delete process.env[key];
    Object.assign(process.env, environment);
  }
  process.env[TEMPLATE_ENV] = database.env.DATABASE_CLIENT === 'postgres' ? database.env.DATABASE_NAME : database.env.DATABASE_FILENAME;
};

export const dropTemplateDatabase = async (): Promise<void> => {
  const template = process.env[TEMPLATE_ENV];
  if (!template) return;
  delete process.env[TEMPLATE_ENV];
  if (process.env.DATABASE_CLIENT !== 'postgres') {
    fs.rmSync(path.dirname(template), { recursive: true, force: true });
    return;
  }
  await dropPgDatabase(template);
};
