// The resource layer: one module per admin resource (endpoints, DTOs), used by commands and by Apply.
import { area } from './base.mjs';

export default area('resources', {
  mutate: ['src/api/resources/*.ts'],
  testFiles: ['test/api/resources/*.test.ts'],
});
