/** The public face of this feature: other features and routes import only from here. */
export { AuthCard } from "./components/AuthCard";
export { NameFields, validateNames } from "./components/NameFields";
export { NewPasswordFields } from "./components/NewPasswordFields";
export {
  AcceptInvitationScreen,
  ForgotPasswordScreen,
  LoginScreen,
  ResetPasswordScreen,
} from "./components/screens";
