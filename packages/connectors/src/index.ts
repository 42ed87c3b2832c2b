export * from './csv/index.js';
