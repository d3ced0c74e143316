import { NotFoundScreen } from "@/app/not-found";

export default function OrderNotFound() {
  return (
    <NotFoundScreen
      title="Order not found"
      body="We have no order at this address that you can see. Check the link you were given at checkout."
    />
  );
}
