/** JSON Schema of one forecaster input (`ForecastInput`). */
export const FORECAST_INPUT_SCHEMA = {
  type: 'object',
  properties: {
    horizon: { type: 'integer', minimum: 1, maximum: 366 },
    history: {
      type: 'object',
      properties: {
        y: { type: 'array', items: { type: 'number' }, minItems: 3 },
        ds: { type: 'array', items: { type: 'string' } },
      },
      required: ['y'],
      additionalProperties: false,
    },
  },
  required: ['horizon'],
  additionalProperties: false,
} as const;

/** JSON Schema of one forecaster output (`ForecastOutput`). */
export const FORECAST_OUTPUT_SCHEMA = {
  type: 'object',
  properties: {
    model: { type: 'string' },
    level: { type: 'number' },
    forecasts: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          ds: { type: 'string' },
          yhat: { type: 'number' },
          lo: { type: 'number' },
          hi: { type: 'number' },
        },
        required: ['ds', 'yhat', 'lo', 'hi'],
      },
    },
  },
  required: ['model', 'level', 'forecasts'],
} as const;
