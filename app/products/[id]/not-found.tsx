import { NotFoundScreen } from "@/app/_components/not-found-screen";

export default function ProductNotFound() {
  return (
    <NotFoundScreen
      title="Product not found"
      body="We have no product at this address. Check the link, or pick a sale from the storefront."
    />
  );
}
