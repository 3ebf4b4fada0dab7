"""In-app notifications (the bell, live over Socket.IO) and the scheduler of once-per-period work
(the managers' weekly digest e-mail, assignments due tomorrow, recurring assignments)."""
