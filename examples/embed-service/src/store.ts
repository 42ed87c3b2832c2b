/** A product of the shop's catalogue. */
export interface Product {
  readonly sku: string;
  readonly name: string;
  /** Unit price in the shop's currency (the last price it was sold at). */
  readonly price: number;
}

/** A registered customer. */
export interface Customer {
  readonly id: string;
  readonly country: string;
}

/** One line of a past order (a cancellation's invoice number starts with `C` and has a negative quantity). */
export interface OrderLine {
  readonly invoiceNo: string;
  readonly sku: string;
  readonly quantity: number;
  readonly unitPrice: number;
  /** `YYYY-MM-DD HH:MM:SS`, the shop's wall-clock time. */
  readonly invoiceDate: string;
  /** Null for a guest order. */
  readonly customerId: string | null;
}

/** A shopping cart. */
export interface Cart {
  readonly id: string;
  readonly customerId: string | null;
  readonly items: { sku: string; quantity: number }[];
}

/** The shop's in-memory store: catalogue, customers, order history and open carts. */
export interface Store {
  readonly products: Map<string, Product>;
  readonly customers: Map<string, Customer>;
  /** Every order line, oldest first (guest orders included). */
  readonly lines: OrderLine[];
  /** Each registered customer's order lines, oldest first. */
  readonly ordersByCustomer: Map<string, OrderLine[]>;
  readonly carts: Map<string, Cart>;
}

/** An empty store. */
export function createStore(): Store {
  return { products: new Map(), customers: new Map(), lines: [], ordersByCustomer: new Map(), carts: new Map() };
}

/** Record one order line (in time order): the customer's history and the product's last price follow it. */
export function addOrderLine(store: Store, line: OrderLine, product?: Product, country?: string): void {
  store.lines.push(line);
  if (product && line.quantity > 0) store.products.set(product.sku, product);
  if (line.customerId === null) return;
  if (!store.customers.has(line.customerId))
    store.customers.set(line.customerId, { id: line.customerId, country: country ?? 'Unknown' });
  const history = store.ordersByCustomer.get(line.customerId);
  if (history) history.push(line);
  else store.ordersByCustomer.set(line.customerId, [line]);
}
