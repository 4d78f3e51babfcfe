export { coreMigrations as migrations } from '../db-base-plugin/migrations.js';
