# form.sh - sourced by screen tests (after tmux.sh): members typed into the
# household form as a clerk does, in forms/household.ini's order.
#   form_adult ID NAME WAGE [applicant]
#       resident ID, name, the relation (not for the applicant, whose
#       relation is "self" and is not stopped at; others keep the form's
#       default), employment "employed" (a wage is asked only then), labour
#       capacity, the wage in yuan for 12 months; the other incomes stay
#       blank, which the form says means none.  The cursor stays on the wage.
#   form_child ID NAME
#       resident ID and name of a member under 16: nothing about work is
#       asked, the schooling comes from the age.  The cursor ends on the
#       relation (its default, child).
form_adult() {
	tmux_keys -l "$1"; tmux_keys Tab
	tmux_keys -l "$2"; tmux_keys Tab
	[ -n "${4:-}" ] || tmux_keys Tab
	tmux_keys Right Tab Tab
	tmux_keys -l "$3"
}
form_child() {
	tmux_keys -l "$1"; tmux_keys Tab
	tmux_keys -l "$2"; tmux_keys Tab
}
