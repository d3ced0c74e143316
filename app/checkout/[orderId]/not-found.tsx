import { NotFoundScreen } from "@/app/_components/not-found-screen";

export default function OrderNotFound() {
  return (
    <NotFoundScreen
      title="Order not found"
      body="We have no order at this address that you can see. Check the link you were given at checkout."
    />
  );
}
