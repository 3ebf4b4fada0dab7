import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render } from "@testing-library/react";
import userEvent from "@testing-library/user-event";

import type { User } from "@/lib/api/types";
import { AuthProvider } from "@/lib/auth/AuthProvider";
import { session } from "@/lib/auth/session";
import { Toaster } from "@/ui/Toaster";

/** Renders inside the app's providers, signed in as `user` or signed out when it is null. */
export function renderWithProviders(
  ui: React.ReactElement,
  { user = null }: { user?: User | null } = {},
) {
  if (user) session.signIn("access-1", user);
  else session.clear();
  const queryClient = new QueryClient({
    defaultOptions: { queries: { retry: false }, mutations: { retry: false } },
  });
  const events = userEvent.setup();
  const result = render(
    <QueryClientProvider client={queryClient}>
      <AuthProvider>
        <Toaster>{ui}</Toaster>
      </AuthProvider>
    </QueryClientProvider>,
  );
  return { ...result, user: events, queryClient };
}
