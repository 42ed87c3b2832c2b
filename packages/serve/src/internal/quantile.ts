export { quantileSorted, sortedFinite } from '@retailkit/core';
