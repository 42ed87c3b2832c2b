import { fenceFlag } from '../../internal/fence-flag.js';

export const priceOutlier = fenceFlag(
  {
    id: 'price-outlier',
    column: 'isPriceOutlier',
    description:
      'unit price outlier among the same sale lines, by the fence of option priceOutlier (see outlierFence): default z-score with population σ, |z| >= 3 is an outlier (|z| < 3 kept).',
    example: { before: 'unitPrice=649.5 (mean 3.1, σ 4.4)', after: 'isPriceOutlier=true' },
  },
  'unitPrice',
  'priceOutlier',
);
