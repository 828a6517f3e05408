module gossiplab

go 1.25.0
