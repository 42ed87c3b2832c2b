import { fenceFlag } from '../../internal/fence-flag.js';

export const quantityOutlier = fenceFlag(
  {
    id: 'quantity-outlier',
    column: 'isQuantityOutlier',
    description:
      'quantity outlier among sale lines (trusted, not cancellation, bad debt, non-product or discount, quantity > 0, unitPrice > 0), by the fence of option quantityOutlier (see outlierFence): default IQR with factor 1.5 (type-7 quartiles), quantity >= Q3+1.5·IQR or <= Q1−1.5·IQR is an outlier (bounds inclusive).',
    example: { before: 'qty=80995 (Q1=1, Q3=12)', after: 'isQuantityOutlier=true' },
  },
  'quantity',
  'quantityOutlier',
);
